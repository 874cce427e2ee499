package io.teamchat.message.attachments;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code chat.attachments.*}: see application.properties and docs/storage.md. */
@ConfigMapping(prefix = "chat.attachments")
public interface AttachmentsConfig {

    /** Where the bytes go. */
    @WithDefault("postgres")
    Store store();

    /** Largest file; a bigger upload is a 413 and nothing is stored. */
    @WithDefault("10M")
    MemorySize maxSize();

    /** Images with more pixels than this are never decoded (no thumbnail): a decompression bomb stays a file. */
    @WithDefault("40000000")
    long maxImagePixels();

    /** Longest side of a thumbnail, in pixels. */
    @WithDefault("320")
    int thumbnailSize();

    /** An upload never attached to a message is deleted after this long. */
    @WithDefault("24h")
    Duration abandonAfter();

    /** How often queued blob deletions are drained (read by AttachmentDeletions' schedule). */
    @WithDefault("30s")
    Duration cleanupInterval();

    /** How many queued blob deletions one cleanup run takes. */
    @WithDefault("100")
    int cleanupBatch();

    S3 s3();

    enum Store {
        POSTGRES,
        S3
    }

    interface S3 {
        /** e.g. http://127.0.0.1:9000 for MinIO or Garage; empty for AWS itself. */
        Optional<String> endpoint();

        @WithDefault("us-east-1")
        String region();

        @WithDefault("teamchat-attachments")
        String bucket();

        /** Empty: the AWS SDK's default credentials chain (environment, instance profile, IRSA...). */
        Optional<String> accessKey();

        Optional<String> secretKey();

        /** Path-style URLs (http://host/bucket/key), which most self-hosted S3-compatible servers need. */
        @WithDefault("true")
        boolean pathStyle();
    }
}
