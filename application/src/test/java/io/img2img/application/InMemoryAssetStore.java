package io.img2img.application;

import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.StoredAsset;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class InMemoryAssetStore implements AssetStore {
    final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredAsset> find(String assetId) {
        return Optional.ofNullable(files.get(assetId)).map(b -> asset(assetId, b));
    }

    @Override
    public StoredAsset save(String assetId, String mimeType, byte[] bytes) {
        files.put(assetId, bytes);
        return asset(assetId, bytes);
    }

    @Override
    public Optional<InputStream> open(String assetId) {
        return Optional.ofNullable(files.get(assetId)).map(ByteArrayInputStream::new);
    }

    private static StoredAsset asset(String id, byte[] b) {
        return new StoredAsset(id, "image/png", 64, 48, b.length, "/out/" + id + ".png");
    }
}
