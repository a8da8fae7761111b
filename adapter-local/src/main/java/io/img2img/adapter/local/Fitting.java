package io.img2img.adapter.local;

import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.Pixels;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.ImageReference;

import java.io.IOException;
import java.io.InputStream;

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

    /** The reference, decoded once per job and fitted to the output size (cover, then centre crop). */
    static Pixels reference(AssetStore store, ImageCodec codec, Generation g) throws IOException, ImageCodec.InvalidImageException {
        byte[] bytes;
        if (g.image() instanceof ImageReference.DataUrl data) {
            bytes = data.bytes();
        } else {
            String assetId = ((ImageReference.AssetId) g.image()).id();
            try (InputStream in = store.open(assetId).orElseThrow(() -> new IOException("asset " + assetId + " is gone"))) {
                bytes = in.readAllBytes();
            }
        }
        return Fitting.cover(codec, codec.decode(bytes), g.width(), g.height());
    }

}
