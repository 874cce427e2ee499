package io.teamchat.message.attachments;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Width, height and a small PNG thumbnail of an uploaded raster image, with javax.imageio (headless). The size is read
 * from the header first; an image of more than {@code chat.attachments.max-image-pixels} is never decoded (a
 * decompression bomb: a small file that inflates to gigabytes), and the rest are decoded subsampled, so the decoded
 * raster stays near thumbnail size whatever the image's size.
 */
final class ImageInspector {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** What could be learned: no size when no reader knows the format; no thumbnail when too big or unreadable. */
    record Inspection(Integer width, Integer height, byte[] thumbnailPng) {
        static final Inspection NONE = new Inspection(null, null, null);
    }

    private ImageInspector() {}

    static Inspection inspect(Path file, long maxPixels, int thumbnailSize) {
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            if (input == null) {
                return Inspection.NONE;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return Inspection.NONE;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    return Inspection.NONE;
                }
                if ((long) width * height > maxPixels) {
                    return new Inspection(width, height, null);
                }
                return new Inspection(
                        width,
                        height,
                        thumbnail(reader, width, height, thumbnailSize).orElse(null));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // A corrupt or truncated image is still a file; it just gets no size or thumbnail.
            return Inspection.NONE;
        }
    }

    private static Optional<byte[]> thumbnail(ImageReader reader, int width, int height, int size) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, Math.max(width, height) / size);
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage decoded = reader.read(0, param);
        double scale = Math.min(1.0, (double) size / Math.max(decoded.getWidth(), decoded.getHeight()));
        int w = Math.max(1, (int) Math.round(decoded.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(decoded.getHeight() * scale));
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(decoded, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        return ImageIO.write(small, "png", png) ? Optional.of(png.toByteArray()) : Optional.empty();
    }
}
