package io.teamchat.message.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import org.apache.tika.Tika;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;

/**
 * Content types from the bytes (Apache Tika's magic numbers), never from the client's Content-Type or file name, and
 * how a download of each is served: only raster images a browser shows safely are inline; every other type is a
 * download, and types a browser would run or render (HTML, SVG, XML, scripts...) are not even named: they are served
 * as {@code application/octet-stream}.
 */
final class ContentTypes {

    /** Raster images that browsers decode without running anything; shown inline, and thumbnailed. */
    static final Set<String> SAFE_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp");

    /** Types served under their own name (as downloads unless a safe image); all others as octet-stream. */
    private static final Set<String> NAMED_WHEN_SERVED = Set.of(
            "text/plain",
            "text/csv",
            "application/pdf",
            "application/zip",
            "application/gzip",
            "application/x-tar",
            "application/x-7z-compressed",
            "application/msword",
            "application/vnd.ms-excel",
            "application/vnd.ms-powerpoint",
            "application/x-tika-ooxml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.oasis.opendocument.text",
            "application/vnd.oasis.opendocument.spreadsheet",
            "application/octet-stream");

    private static final Tika TIKA = new Tika();

    private ContentTypes() {}

    /** The type of the file's bytes; no name is given to Tika, so a file name cannot change the answer. */
    static String detect(Path file) throws IOException {
        try (InputStream in = TikaInputStream.get(file)) {
            return TIKA.detect(in, new Metadata());
        }
    }

    static boolean isSafeImage(String contentType) {
        return SAFE_IMAGES.contains(contentType);
    }

    /** The Content-Type of a download. */
    static String served(String contentType) {
        if (isSafeImage(contentType)
                || NAMED_WHEN_SERVED.contains(contentType)
                || contentType.startsWith("audio/")
                || contentType.startsWith("video/")) {
            return contentType.equals("text/plain") || contentType.equals("text/csv")
                    ? contentType + "; charset=UTF-8"
                    : contentType;
        }
        return "application/octet-stream";
    }
}
