package io.img2img.application.port.in;

import java.io.IOException;
import java.util.Optional;

/** An image this server produced, by asset id: its type, size and bytes. */
public interface ReadAsset {

    /**
     * The asset, its content as a stream the caller closes; empty when {@code assetId} is not an asset id
     * (checked before it reaches any store: no path traversal) or names no image here.
     */
    Optional<AssetContent> read(String assetId) throws IOException;
}
