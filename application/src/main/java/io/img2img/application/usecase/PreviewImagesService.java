package io.img2img.application.usecase;

import static io.img2img.application.port.in.PreviewImages.base64Length;

import io.img2img.application.port.in.PreviewImages;
import io.img2img.application.port.in.ReadAsset;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.Pixels;
import io.img2img.application.port.out.StoredAsset;
import io.img2img.domain.result.ProducedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The full images when the store knows their sizes and all fit, otherwise JPEG previews sized to share
 * the budget. Images are read one at a time, so memory does not grow with the number of samples.
 */
public final class PreviewImagesService implements PreviewImages {
    private static final System.Logger LOG = System.getLogger(PreviewImagesService.class.getName());
    private static final String PREVIEW_TYPE = "image/jpeg";
    private static final int SMALLEST_SIDE = 16;
    private static final int ATTEMPTS = 6;

    private final AssetStore store;
    private final ReadAsset assets;
    private final ImageCodec codec;

    public PreviewImagesService(AssetStore store, ImageCodec codec) {
        this.store = store;
        this.assets = new ReadAssetService(store);
        this.codec = codec;
    }

    @Override
    public Previews within(List<ProducedImage> images, long budget) {
        if (images.isEmpty() || budget <= 0) {
            return new Previews(Mode.NONE, List.of());
        }
        Optional<List<Inline>> full = fullSize(images, budget);
        if (full.isPresent()) {
            return new Previews(Mode.FULL, full.get());
        }
        List<Inline> previews = new ArrayList<>();
        long remaining = budget;
        double bytesPerPixel = 0.5;
        for (int i = 0; i < images.size(); i++) {
            long share = remaining / (images.size() - i);
            Preview preview = preview(images.get(i), share, bytesPerPixel);
            if (preview != null) {
                previews.add(new Inline(preview.jpeg(), PREVIEW_TYPE));
                remaining -= base64Length(preview.jpeg().length);
                bytesPerPixel = preview.bytesPerPixel();
            }
        }
        Mode mode =
                previews.isEmpty() ? Mode.NONE : previews.size() == images.size() ? Mode.PREVIEWS : Mode.SOME_PREVIEWS;
        return new Previews(mode, previews);
    }

    private Optional<List<Inline>> fullSize(List<ProducedImage> images, long budget) {
        long total = 0;
        for (ProducedImage image : images) {
            Optional<StoredAsset> stored = store.find(image.assetId());
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            total += base64Length(stored.get().sizeBytes());
        }
        if (total > budget) {
            return Optional.empty();
        }
        List<Inline> contents = new ArrayList<>();
        for (ProducedImage image : images) {
            byte[] bytes = ReadAssetService.readAll(assets, image.assetId(), LOG);
            if (bytes == null || base64Length(bytes.length) > budget) {
                return Optional.empty();
            }
            budget -= base64Length(bytes.length);
            contents.add(new Inline(bytes, image.mimeType()));
        }
        return Optional.of(contents);
    }

    private record Preview(byte[] jpeg, double bytesPerPixel) {}

    /** A JPEG preview within {@code budget} base64 bytes, or {@code null} when even the smallest does not fit. */
    private Preview preview(ProducedImage image, long budget, double bytesPerPixelGuess) {
        long targetBytes = budget / 4 * 3;
        if (targetBytes < 300) {
            return null;
        }
        byte[] bytes = ReadAssetService.readAll(assets, image.assetId(), LOG);
        if (bytes == null) {
            return null;
        }
        Pixels pixels;
        try {
            pixels = codec.decode(bytes);
        } catch (ImageCodec.InvalidImageException e) {
            LOG.log(System.Logger.Level.WARNING, "no preview for asset {0}: {1}", image.assetId(), e.getMessage());
            return null;
        }
        bytes = null; // the full image can go before the previews are encoded
        double bytesPerPixel = bytesPerPixelGuess;
        int w = pixels.width();
        int h = pixels.height();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double scale = Math.min(1.0, Math.sqrt(targetBytes / bytesPerPixel / ((double) w * h)));
            int pw = Math.max(Math.min(SMALLEST_SIDE, w), (int) Math.round(w * scale));
            int ph = Math.max(Math.min(SMALLEST_SIDE, h), (int) Math.round(h * scale));
            byte[] jpeg = codec.encode(pw == w && ph == h ? pixels : codec.resize(pixels, pw, ph), PREVIEW_TYPE);
            double measured = (double) jpeg.length / ((double) pw * ph);
            if (base64Length(jpeg.length) <= budget) {
                return new Preview(jpeg, measured);
            }
            if (pw <= SMALLEST_SIDE || ph <= SMALLEST_SIDE) {
                return null;
            }
            // aim a little below the budget next time: small JPEGs carry a fixed header cost
            bytesPerPixel = measured * 1.15;
        }
        return null;
    }
}
