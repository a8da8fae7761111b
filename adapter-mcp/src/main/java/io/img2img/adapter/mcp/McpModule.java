package io.img2img.adapter.mcp;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.MapBinder;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.ImageCodec;
import jakarta.inject.Provider;
import jakarta.servlet.Servlet;

import java.util.Objects;

/**
 * The MCP front end: the stdio server for {@code img2img mcp}, and the Streamable HTTP servlet for
 * {@code /mcp}, contributed to the {@code Map<String, Servlet>} MapBinder that the HTTP server mounts.
 * The servlet is built on first request of the map entry only, so a stdio start never builds it.
 * Needs bindings for GenerateImage, GetJob, AssetStore, ImageCodec and ImageBackend.
 */
public final class McpModule extends AbstractModule {
    private final McpSettings settings;

    public McpModule(McpSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, Servlet.class)
                .addBinding(McpHttpServlet.PATH)
                .toProvider(new LazyServlet(settings, getProvider(GenerateImage.class), getProvider(GetJob.class),
                        getProvider(AssetStore.class), getProvider(ImageCodec.class), getProvider(ImageBackend.class)));
    }

    @Provides
    McpStdioServer stdioServer(GenerateImage generate, GetJob getJob, AssetStore store, ImageCodec codec,
                               ImageBackend backend) {
        return new McpStdioServer(settings, generate, getJob, store, codec, backend.name());
    }

    /** Builds the servlet once, when it is first asked for. */
    private static final class LazyServlet implements Provider<Servlet> {
        private final McpSettings settings;
        private final Provider<GenerateImage> generate;
        private final Provider<GetJob> getJob;
        private final Provider<AssetStore> store;
        private final Provider<ImageCodec> codec;
        private final Provider<ImageBackend> backend;
        private Servlet servlet;

        LazyServlet(McpSettings settings, Provider<GenerateImage> generate, Provider<GetJob> getJob,
                    Provider<AssetStore> store, Provider<ImageCodec> codec, Provider<ImageBackend> backend) {
            this.settings = settings;
            this.generate = generate;
            this.getJob = getJob;
            this.store = store;
            this.codec = codec;
            this.backend = backend;
        }

        @Override
        public synchronized Servlet get() {
            if (servlet == null) {
                servlet = new McpHttpServlet(settings, generate.get(), getJob.get(), store.get(), codec.get(),
                        backend.get().name());
            }
            return servlet;
        }
    }
}
