package io.img2img.adapter.local;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.ModelCatalog;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The offline backend: the procedural renderer, and a catalogue that knows every model as of unknown type and
 * lists the procedural pseudo-model.
 */
public final class LocalBackendModule extends AbstractModule {

    @Provides
    @Singleton
    ImageBackend localBackend(AssetStore store, ImageCodec codec) {
        return new LocalBackend(store, codec, renderPool());
    }

    @Provides
    @Singleton
    ModelCatalog everyModelIsUnknown() {
        return new LocalModelCatalog();
    }

    /** One thread per core, daemons: a sample is rendered and saved by one thread. */
    static ExecutorService renderPool() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "local-renderer-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
