package io.img2img.application.port.out;

/**
 * Reading and writing image files. {@link #size} reads only the header, so a decompression bomb is
 * refused before a pixel is decoded.
 */
public interface ImageCodec {

    /** Width and height from the header alone. */
    ImageSize size(byte[] encoded) throws InvalidImageException;

    Pixels decode(byte[] encoded) throws InvalidImageException;

    /** @param mimeType "image/png" or "image/jpeg" */
    byte[] encode(Pixels pixels, String mimeType);

    /**
     * Encodes at a given quality, 0–1 (JPEG's; formats without one ignore it). A codec without quality
     * control encodes as {@link #encode(Pixels, String)} does.
     */
    default byte[] encode(Pixels pixels, String mimeType, float quality) {
        return encode(pixels, mimeType);
    }

    /** A high-quality resize to exactly {@code width}×{@code height}. */
    Pixels resize(Pixels pixels, int width, int height);

    /** The image cannot be read: not an image, truncated, or an unsupported format. */
    class InvalidImageException extends Exception {
        public InvalidImageException(String message) {
            super(message, null, false, false);
        }
    }
}
