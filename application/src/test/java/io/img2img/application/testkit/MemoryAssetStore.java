package io.img2img.application.testkit;

import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.StoredAsset;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Test kit: assets in a map; every image is reported as 48×32 at {@code /outputs/<id>.png}. */
public final class MemoryAssetStore implements AssetStore {
    public final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredAsset> find(String assetId) {
        return Optional.ofNullable(files.get(assetId))
                .map(b -> new StoredAsset(assetId, "image/png", 48, 32, b.length, "/outputs/" + assetId + ".png"));
    }

    @Override
    public StoredAsset save(String assetId, String mimeType, byte[] bytes) {
        files.put(assetId, bytes);
        return find(assetId).orElseThrow();
    }

    @Override
    public Optional<InputStream> open(String assetId) {
        return Optional.ofNullable(files.get(assetId)).map(ByteArrayInputStream::new);
    }
}
