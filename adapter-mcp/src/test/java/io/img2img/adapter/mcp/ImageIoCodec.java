package io.img2img.adapter.mcp;

import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.ImageSize;
import io.img2img.application.port.out.Pixels;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Random;

/** The ImageCodec port on ImageIO, for tests (the real one lives in adapter-local). */
final class ImageIoCodec implements ImageCodec {

    @Override
    public ImageSize size(byte[] encoded) throws InvalidImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidImageException("not an image");
            }
            ImageReader reader = readers.next();
            reader.setInput(in);
            return new ImageSize(reader.getWidth(0), reader.getHeight(0));
        } catch (IOException e) {
            throw new InvalidImageException(e.getMessage());
        }
    }

    @Override
    public Pixels decode(byte[] encoded) throws InvalidImageException {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
            if (image == null) {
                throw new InvalidImageException("not an image");
            }
            int w = image.getWidth();
            int h = image.getHeight();
            return new Pixels(w, h, image.getRGB(0, 0, w, h, null, 0, w));
        } catch (IOException e) {
            throw new InvalidImageException(e.getMessage());
        }
    }

    @Override
    public byte[] encode(Pixels pixels, String mimeType) {
        boolean jpeg = mimeType.equals("image/jpeg");
        BufferedImage image = new BufferedImage(pixels.width(), pixels.height(),
                jpeg ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, pixels.width(), pixels.height(), pixels.argb(), 0, pixels.width());
        return write(image, jpeg ? "jpeg" : "png");
    }

    @Override
    public Pixels resize(Pixels pixels, int width, int height) {
        BufferedImage source = new BufferedImage(pixels.width(), pixels.height(), BufferedImage.TYPE_INT_ARGB);
        source.setRGB(0, 0, pixels.width(), pixels.height(), pixels.argb(), 0, pixels.width());
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = target.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        return new Pixels(width, height, target.getRGB(0, 0, width, height, null, 0, width));
    }

    /** A PNG of seeded RGB noise: it barely compresses, as the worst case for result sizes. */
    static byte[] noisyPng(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = random.nextInt(0x1000000);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return write(image, "png");
    }

    static BufferedImage read(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
