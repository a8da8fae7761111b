package io.img2img.application.port.out;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where produced images are kept, by asset id. Writes are atomic: a reader never sees a half-written
 * file. Ids are checked against a strict pattern before they reach any file system.
 */
public interface AssetStore {

    Optional<StoredAsset> find(String assetId);

    StoredAsset save(String assetId, String mimeType, byte[] bytes) throws IOException;

    /** The asset's bytes as a stream, for serving; empty when unknown. */
    Optional<InputStream> open(String assetId) throws IOException;
}
