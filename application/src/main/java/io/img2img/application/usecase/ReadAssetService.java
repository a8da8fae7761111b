package io.img2img.application.usecase;

import io.img2img.application.port.in.AssetContent;
import io.img2img.application.port.in.ReadAsset;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.StoredAsset;
import io.img2img.domain.request.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reads a produced image from the asset store, the id checked first. */
public final class ReadAssetService implements ReadAsset {
    private final AssetStore store;

    public ReadAssetService(AssetStore store) {
        this.store = store;
    }

    @Override
    public Optional<AssetContent> read(String assetId) throws IOException {
        Optional<StoredAsset> asset = ImageReference.isAssetId(assetId) ? store.find(assetId) : Optional.empty();
        if (asset.isEmpty()) {
            return Optional.empty();
        }
        Optional<InputStream> content = store.open(assetId);
        return content.map(in ->
                new AssetContent(assetId, asset.get().mimeType(), asset.get().sizeBytes(), in));
    }

    /** The whole asset in memory, or {@code null} when it is unknown or cannot be read (logged). */
    static byte[] readAll(ReadAsset assets, String assetId, System.Logger log) {
        try {
            Optional<AssetContent> asset = assets.read(assetId);
            if (asset.isEmpty()) {
                return null;
            }
            try (InputStream in = asset.get().content()) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            log.log(System.Logger.Level.WARNING, "cannot read asset {0}: {1}", assetId, e.getMessage());
            return null;
        }
    }
}
