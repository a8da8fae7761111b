package io.img2img.adapter.local;

import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.Pixels;

/** Fits an image to a size the way CSS "object-fit: cover" does: scale to fill, crop the centre. */
final class Fitting {
    private Fitting() {
    }

    static Pixels cover(ImageCodec codec, Pixels src, int width, int height) {
        double scale = Math.max((double) width / src.width(), (double) height / src.height());
        int scaledW = Math.max(width, (int) Math.ceil(src.width() * scale));
        int scaledH = Math.max(height, (int) Math.ceil(src.height() * scale));
        Pixels scaled = codec.resize(src, scaledW, scaledH);
        if (scaledW == width && scaledH == height) {
            return scaled;
        }
        int left = (scaledW - width) / 2;
        int top = (scaledH - height) / 2;
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            System.arraycopy(scaled.argb(), (top + y) * scaledW + left, out, y * width, width);
        }
        return new Pixels(width, height, out);
    }
}
