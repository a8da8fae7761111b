package io.img2img.adapter.imageio;

import io.img2img.application.ServicePolicy;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.ImageSize;
import io.img2img.application.port.out.Pixels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Image files through ImageIO: PNG, JPEG, GIF, BMP, TIFF built in, WebP through the TwelveMonkeys
 * reader found on the class path. Sizes come from the header alone, so a decompression bomb is
 * measured, and refused, before a pixel is decoded.
 */
final class ImageIoCodec implements ImageCodec {
    /**
     * Beyond this many pixels nothing is decoded, whatever the caller: the policy's bound on an input
     * image (SPEC §3), so an image that passed validation decodes and nothing larger ever does.
     */
    static final long MAX_DECODE_PIXELS = ServicePolicy.DEFAULT_MAX_IMAGE_PIXELS;

    private static final float DEFAULT_JPEG_QUALITY = 0.85f;
    private static final float PNG_SPEED_OVER_SIZE = 0.75f; // deflate effort: 1.0 = none, 0.0 = best

    /**
     * ImageIO's set-up, done on first use rather than when the codec is made: scanning for plug-ins
     * costs tens of milliseconds that a stdio MCP start answering tools/list never needs.
     */
    private static final class Plugins {
        static {
            ImageIO.setUseCache(false); // in memory: no temp files per decode
            ImageIO.scanForPlugins();
        }

        static void ready() {
            // the static initialiser has run once this class is initialised
        }
    }

    @Override
    public ImageSize size(byte[] encoded) throws InvalidImageException {
        ImageSize fromHeader = FixedHeaderSize.of(encoded);
        return fromHeader != null
                ? fromHeader
                : withReader(encoded, reader -> new ImageSize(reader.getWidth(0), reader.getHeight(0)));
    }

    @Override
    public Pixels decode(byte[] encoded) throws InvalidImageException {
        ImageSize declared = size(encoded); // a GIF's screen and every frame, or the reader's header
        if (declared.pixels() > MAX_DECODE_PIXELS) {
            throw new InvalidImageException(tooLarge(declared.pixels()));
        }
        return withReader(encoded, reader -> {
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > MAX_DECODE_PIXELS) {
                throw new IOException(tooLarge(pixels));
            }
            BufferedImage image = reader.read(0);
            int w = image.getWidth();
            int h = image.getHeight();
            return new Pixels(w, h, image.getRGB(0, 0, w, h, null, 0, w));
        });
    }

    private static String tooLarge(long pixels) {
        return "image of " + pixels + " pixels is too large to decode; at most " + MAX_DECODE_PIXELS + " pixels are";
    }

    @Override
    public byte[] encode(Pixels pixels, String mimeType) {
        return encode(pixels, mimeType, DEFAULT_JPEG_QUALITY);
    }

    /** {@code quality} is JPEG's; PNG is always lossless. */
    @Override
    public byte[] encode(Pixels pixels, String mimeType, float quality) {
        boolean jpeg = "image/jpeg".equals(mimeType);
        if (!jpeg && !"image/png".equals(mimeType)) {
            throw new IllegalArgumentException("can encode image/png or image/jpeg, not " + mimeType);
        }
        BufferedImage image = new BufferedImage(
                pixels.width(), pixels.height(), jpeg ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, pixels.width(), pixels.height(), pixels.argb(), 0, pixels.width());
        Plugins.ready();
        ImageWriter writer = ImageIO.getImageWritersByMIMEType(mimeType).next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(pixels.width() * pixels.height());
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(jpeg ? quality : PNG_SPEED_OVER_SIZE);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding failed in memory", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    @Override
    public Pixels resize(Pixels pixels, int width, int height) {
        return Resampler.resize(pixels, width, height);
    }

    private interface ReaderTask<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private static <T> T withReader(byte[] encoded, ReaderTask<T> task) throws InvalidImageException {
        Plugins.ready();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidImageException("not a PNG, JPEG, GIF, BMP, TIFF or WebP image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return task.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO readers throw runtime exceptions on some corrupt input: a bad image, not a crash
            throw new InvalidImageException("unreadable image (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }
}
