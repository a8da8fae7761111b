package io.img2img.application.testkit;

import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.ImageSize;
import io.img2img.application.port.out.Pixels;
import java.nio.ByteBuffer;

/**
 * Test kit: an {@link ImageCodec} that reads sizes from a PNG header, all the services need; and
 * {@link #png} makes such headers. Decoding and encoding are not offered: a test that needs real
 * pixels uses the real codec.
 */
public final class PngHeaderCodec implements ImageCodec {

    /** A PNG signature and IHDR chunk claiming the size, without pixel data. */
    public static byte[] png(int width, int height) {
        return TestImages.pngHeader(width, height);
    }

    @Override
    public ImageSize size(byte[] encoded) throws InvalidImageException {
        if (encoded.length < 24 || encoded[12] != 'I' || encoded[13] != 'H') {
            throw new InvalidImageException("no PNG header");
        }
        ByteBuffer b = ByteBuffer.wrap(encoded);
        return new ImageSize(b.getInt(16), b.getInt(20));
    }

    @Override
    public Pixels decode(byte[] encoded) throws InvalidImageException {
        // only an over-limit reference is decoded by the services; the header alone has no pixels
        throw new InvalidImageException("this test codec reads headers only");
    }

    @Override
    public byte[] encode(Pixels pixels, String mimeType) {
        throw new UnsupportedOperationException("the services never encode");
    }

    @Override
    public Pixels resize(Pixels pixels, int width, int height) {
        throw new UnsupportedOperationException("the services never resize");
    }
}
