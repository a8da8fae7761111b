package io.img2img.adapter.local;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;

import java.nio.file.Path;

/** The machine's own storage and codec: the file-system asset store under the output directory, ImageIO. */
public final class LocalStorageModule extends AbstractModule {
    private final Path outputDir;

    public LocalStorageModule(Path outputDir) {
        this.outputDir = outputDir;
    }

    @Provides
    @Singleton
    ImageCodec imageCodec() {
        return new ImageIoCodec();
    }

    @Provides
    @Singleton
    AssetStore assetStore(ImageCodec codec) {
        return new FileAssetStore(outputDir, codec);
    }
}
