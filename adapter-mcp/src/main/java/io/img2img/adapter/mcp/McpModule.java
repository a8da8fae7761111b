package io.img2img.adapter.mcp;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.MapBinder;
import io.img2img.application.port.in.CancelJob;
import io.img2img.application.port.in.DescribeServer;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.ListModels;
import io.img2img.application.port.in.PreviewImages;
import io.img2img.application.port.in.ReadAsset;
import jakarta.inject.Provider;
import jakarta.servlet.Servlet;
import java.util.Objects;

/**
 * The MCP front end: the stdio server for {@code img2img mcp}, and the Streamable HTTP servlet for
 * {@code /mcp}, contributed to the {@code Map<String, Servlet>} MapBinder that the HTTP server mounts.
 * The servlet is built on first request of the map entry only, so a stdio start never builds it.
 * Needs bindings for the inbound ports of {@link McpUseCases}.
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
                .toProvider(new LazyServlet(settings, getProvider(McpUseCases.class)));
    }

    @Provides
    McpUseCases useCases(
            GenerateImage generate,
            GetJob getJob,
            ReadAsset assets,
            PreviewImages previews,
            DescribeServer server,
            ListModels models,
            CancelJob cancel) {
        return new McpUseCases(generate, getJob, assets, previews, server, models, cancel);
    }

    @Provides
    McpStdioServer stdioServer(McpUseCases useCases) {
        return new McpStdioServer(settings, useCases);
    }

    /** Builds the servlet once, when it is first asked for. */
    private static final class LazyServlet implements Provider<Servlet> {
        private final McpSettings settings;
        private final Provider<McpUseCases> useCases;
        private Servlet servlet;

        LazyServlet(McpSettings settings, Provider<McpUseCases> useCases) {
            this.settings = settings;
            this.useCases = useCases;
        }

        @Override
        public synchronized Servlet get() {
            if (servlet == null) {
                servlet = new McpHttpServlet(settings, useCases.get());
            }
            return servlet;
        }
    }
}
