package io.img2img.adapter.local;

import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.Pixels;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.ImageReference;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fits an image to a size the way CSS "object-fit: cover" does: the centre of the source with the
 * output's aspect ratio, resampled to the output size. Cropping comes first, so nothing larger than the
 * source and the output is ever allocated, whatever the source's aspect ratio (a 1×40,000,000 image
 * scaled to cover first would need an intermediate of 512 × 2^31 pixels).
 */
final class Fitting {
    private Fitting() {}

    static Pixels cover(ImageCodec codec, Pixels src, int width, int height) {
        return codec.resize(centreCrop(src, width, height), width, height);
    }

    /** The largest centred part of {@code src} with the aspect ratio {@code width}:{@code height}. */
    static Pixels centreCrop(Pixels src, int width, int height) {
        int cropW = src.width();
        int cropH = src.height();
        if ((long) src.width() * height > (long) src.height() * width) { // wider than the output
            cropW = (int) Math.max(1, Math.min(src.width(), Math.round((double) src.height() * width / height)));
        } else {
            cropH = (int) Math.max(1, Math.min(src.height(), Math.round((double) src.width() * height / width)));
        }
        if (cropW == src.width() && cropH == src.height()) {
            return src;
        }
        int left = (src.width() - cropW) / 2;
        int top = (src.height() - cropH) / 2;
        int[] out = new int[cropW * cropH];
        for (int y = 0; y < cropH; y++) {
            System.arraycopy(src.argb(), (top + y) * src.width() + left, out, y * cropW, cropW);
        }
        return new Pixels(cropW, cropH, out);
    }

    /** The reference, decoded once per job and fitted to the output size (cover, then centre crop). */
    static Pixels reference(AssetStore store, ImageCodec codec, Generation g)
            throws IOException, ImageCodec.InvalidImageException {
        byte[] bytes;
        if (g.image() instanceof ImageReference.DataUrl data) {
            bytes = data.bytes();
        } else {
            String assetId = ((ImageReference.AssetId) g.image()).id();
            try (InputStream in =
                    store.open(assetId).orElseThrow(() -> new IOException("asset " + assetId + " is gone"))) {
                bytes = in.readAllBytes();
            }
        }
        return Fitting.cover(codec, codec.decode(bytes), g.width(), g.height());
    }
}
