package io.img2img.adapter.mcp;

import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.Pixels;
import io.img2img.application.port.out.StoredAsset;
import io.img2img.domain.result.ProducedImage;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Chooses what of the produced images goes inline in a result within a budget of base64 bytes: the
 * full images when they all fit, otherwise downscaled JPEG previews sized to share the budget, and
 * nothing for an image whose smallest preview does not fit. Images are read one at a time, so memory
 * does not grow with the number of samples.
 */
final class InlineImages {
    private static final Logger LOG = LoggerFactory.getLogger(InlineImages.class);
    private static final String PREVIEW_TYPE = "image/jpeg";
    private static final int SMALLEST_SIDE = 16;
    private static final int ATTEMPTS = 6;

    /** How the images went inline: all full size, all as previews, some previews, or none. */
    enum Mode { NONE, FULL, PREVIEWS, SOME_PREVIEWS }

    record Inlined(Mode mode, List<McpSchema.ImageContent> images) {
    }

    private final AssetStore store;
    private final ImageCodec codec;

    InlineImages(AssetStore store, ImageCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    Inlined select(List<ProducedImage> images, long budget) {
        if (images.isEmpty() || budget <= 0) {
            return new Inlined(Mode.NONE, List.of());
        }
        Optional<List<McpSchema.ImageContent>> full = fullSize(images, budget);
        if (full.isPresent()) {
            return new Inlined(Mode.FULL, full.get());
        }
        List<McpSchema.ImageContent> previews = new ArrayList<>();
        long remaining = budget;
        double bytesPerPixel = 0.5;
        for (int i = 0; i < images.size(); i++) {
            long share = remaining / (images.size() - i);
            Preview preview = preview(images.get(i), share, bytesPerPixel);
            if (preview != null) {
                previews.add(new McpSchema.ImageContent(null, preview.base64(), PREVIEW_TYPE));
                remaining -= preview.base64().length();
                bytesPerPixel = preview.bytesPerPixel();
            }
        }
        Mode mode = previews.isEmpty() ? Mode.NONE : previews.size() == images.size() ? Mode.PREVIEWS : Mode.SOME_PREVIEWS;
        return new Inlined(mode, previews);
    }

    static long base64Length(long bytes) {
        return (bytes + 2) / 3 * 4;
    }

    /** The full images, when the store knows their sizes and all of them fit. */
    private Optional<List<McpSchema.ImageContent>> fullSize(List<ProducedImage> images, long budget) {
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
        List<McpSchema.ImageContent> contents = new ArrayList<>();
        for (ProducedImage image : images) {
            byte[] bytes = read(image.assetId());
            if (bytes == null || base64Length(bytes.length) > budget) {
                return Optional.empty();
            }
            budget -= base64Length(bytes.length);
            contents.add(new McpSchema.ImageContent(null, Base64.getEncoder().encodeToString(bytes), image.mimeType()));
        }
        return Optional.of(contents);
    }

    private record Preview(String base64, double bytesPerPixel) {
    }

    /** A JPEG preview within {@code budget} base64 bytes, or {@code null} when even the smallest does not fit. */
    private Preview preview(ProducedImage image, long budget, double bytesPerPixelGuess) {
        long targetBytes = budget / 4 * 3;
        if (targetBytes < 300) {
            return null;
        }
        byte[] bytes = read(image.assetId());
        if (bytes == null) {
            return null;
        }
        Pixels pixels;
        try {
            pixels = codec.decode(bytes);
        } catch (ImageCodec.InvalidImageException e) {
            LOG.warn("no preview for asset {}: {}", image.assetId(), e.getMessage());
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
                return new Preview(Base64.getEncoder().encodeToString(jpeg), measured);
            }
            if (pw <= SMALLEST_SIDE || ph <= SMALLEST_SIDE) {
                return null;
            }
            // aim a little below the budget next time: small JPEGs carry a fixed header cost
            bytesPerPixel = measured * 1.15;
        }
        return null;
    }

    private byte[] read(String assetId) {
        try {
            Optional<InputStream> in = store.open(assetId);
            if (in.isEmpty()) {
                return null;
            }
            try (InputStream stream = in.get()) {
                return stream.readAllBytes();
            }
        } catch (IOException e) {
            LOG.warn("cannot read asset {}: {}", assetId, e.getMessage());
            return null;
        }
    }
}
