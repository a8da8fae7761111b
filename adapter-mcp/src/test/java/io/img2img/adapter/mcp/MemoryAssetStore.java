package io.img2img.adapter.mcp;

import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.StoredAsset;
import io.img2img.application.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An asset store in memory that also writes each image into a directory, so results carry real paths. */
final class MemoryAssetStore implements AssetStore {
    private final Path directory;
    private final Map<String, byte[]> bytes = new ConcurrentHashMap<>();
    private final Map<String, StoredAsset> assets = new ConcurrentHashMap<>();

    MemoryAssetStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public Optional<StoredAsset> find(String assetId) {
        return Optional.ofNullable(assets.get(assetId));
    }

    @Override
    public StoredAsset save(String assetId, String mimeType, byte[] content) throws IOException {
        BufferedImage image = TestImages.read(content);
        Path file = directory.resolve(assetId + ".png");
        Files.write(file, content);
        StoredAsset stored = new StoredAsset(
                assetId,
                mimeType,
                image.getWidth(),
                image.getHeight(),
                content.length,
                file.toAbsolutePath().toString());
        bytes.put(assetId, content);
        assets.put(assetId, stored);
        return stored;
    }

    @Override
    public Optional<InputStream> open(String assetId) {
        return Optional.ofNullable(bytes.get(assetId)).map(ByteArrayInputStream::new);
    }

    byte[] bytesOf(String assetId) {
        return bytes.get(assetId);
    }
}
