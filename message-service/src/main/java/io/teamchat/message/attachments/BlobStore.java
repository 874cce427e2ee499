package io.teamchat.message.attachments;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where attachment bytes live: PostgreSQL ({@link PostgresBlobStore}, the default) or S3-compatible object storage
 * ({@link S3BlobStore}), chosen by {@code chat.attachments.store}. Implementations stream: no whole blob is ever
 * held in memory. docs/storage.md.
 */
public interface BlobStore {

    /** Stores exactly {@code size} bytes read from {@code content} under {@code key}, replacing any blob there. */
    void put(String key, InputStream content, long size) throws IOException;

    /**
     * The bytes {@code offset} to {@code offset + length - 1} of a blob, read as the caller consumes them. The caller
     * closes the stream. Fails with {@link java.io.FileNotFoundException} when there is no such blob.
     */
    InputStream open(String key, long offset, long length) throws IOException;

    /** Removes a blob; removing one that does not exist is not an error (deletion is retried until done). */
    void delete(String key) throws IOException;

    /** Whether a blob is stored under the key. */
    boolean exists(String key) throws IOException;
}
