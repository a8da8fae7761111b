package io.img2img.adapter.storage;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.JobLedger;
import io.img2img.adapter.storage.ledger.LazyLedger;
import io.img2img.adapter.storage.ledger.LedgerSettings;

import java.nio.file.Path;

/**
 * What this machine keeps: the job ledger (opened on its first use) and produced images, as files under the
 * output directory or, on a PostgreSQL ledger that many nodes share, in that database so that any node serves
 * any asset. Needs an {@link ImageCodec}.
 */
public final class StorageModule extends AbstractModule {
    private final Path outputDir;
    private final LedgerSettings ledger;

    public StorageModule(Path outputDir, LedgerSettings ledger) {
        this.outputDir = outputDir;
        this.ledger = ledger;
    }

    /** The file store itself, for wiring without an injector (tests and benchmarks of the renderer). */
    public static AssetStore fileStore(Path outputDir, ImageCodec codec) {
        return new FileAssetStore(outputDir, codec);
    }

    @Provides
    @Singleton
    LazyLedger lazyLedger() {
        return new LazyLedger(ledger);
    }

    @Provides
    @Singleton
    JobLedger jobLedger(LazyLedger lazy) {
        return lazy.ledger();
    }

    @Provides
    @Singleton
    AssetStore assetStore(ImageCodec codec, LazyLedger lazy) {
        return lazy.sharedAssetStore(codec).orElseGet(() -> fileStore(outputDir, codec));
    }
}
