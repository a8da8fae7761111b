package io.img2img.application.port.in;

import java.io.IOException;
import java.util.Optional;

/** A downscaled copy of an asset, for thumbnails: its longer side at most {@code maxSide}, its aspect kept. */
public interface PreviewAsset {
    int MIN_SIDE = 16;
    int MAX_SIDE = 1024;
    /** The rule on {@code maxSide}, in words, for messages. */
    String SIDE_RULE = "an integer from " + MIN_SIDE + " to " + MAX_SIDE;

    /**
     * The preview (PNG for a PNG or any image with transparency, else JPEG), or the asset itself when it is no
     * larger; empty when there is no such asset.
     *
     * @throws IllegalArgumentException when {@code maxSide} breaks {@link #SIDE_RULE}
     */
    Optional<AssetContent> preview(String assetId, int maxSide) throws IOException;
}
