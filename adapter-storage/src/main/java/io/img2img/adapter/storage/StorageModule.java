package io.img2img.adapter.storage;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;

import java.nio.file.Path;

/** What this machine keeps: produced images as files under the output directory. Needs an {@link ImageCodec}. */
public final class StorageModule extends AbstractModule {
    private final Path outputDir;

    public StorageModule(Path outputDir) {
        this.outputDir = outputDir;
    }

    /** The file store itself, for wiring without an injector (tests and benchmarks of the renderer). */
    public static AssetStore fileStore(Path outputDir, ImageCodec codec) {
        return new FileAssetStore(outputDir, codec);
    }

    @Provides
    @Singleton
    AssetStore assetStore(ImageCodec codec) {
        return fileStore(outputDir, codec);
    }
}
