package io.img2img.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.img2img.adapter.files.FileAssetStore;
import io.img2img.adapter.ledger.LazyLedger;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import java.nio.file.Path;

/**
 * Where produced images live: in the ledger's database when many nodes share it (any node serves any asset),
 * else as files under the output directory.
 */
final class AssetStoreChoice extends AbstractModule {
    private final Path outputDir;

    AssetStoreChoice(Path outputDir) {
        this.outputDir = outputDir;
    }

    @Provides
    @Singleton
    AssetStore assetStore(ImageCodec codec, LazyLedger lazy) {
        return lazy.sharedAssetStore(codec).orElseGet(() -> new FileAssetStore(outputDir, codec));
    }
}
