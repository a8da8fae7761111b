package io.img2img.adapter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import io.img2img.application.port.in.DescribeServer;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.ListModels;
import io.img2img.application.port.in.PreviewImages;
import io.img2img.application.port.in.ReadAsset;
import jakarta.servlet.Servlet;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module as the bootstrap uses it, beside a module that declares the same servlet MapBinder (as REST does). */
class McpModuleTest {
    @TempDir
    Path outputs;

    @Test
    void providesTheStdioServerAndContributesTheServletLazily() {
        Fixture fixture = new Fixture(outputs);
        AtomicInteger described = new AtomicInteger();
        DescribeServer counting = () -> {
            described.incrementAndGet();
            return fixture.useCases.server().describe();
        };
        Injector injector =
                Guice.createInjector(Stage.PRODUCTION, new McpModule(fixture.settings), new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(GenerateImage.class).toInstance(fixture.useCases.generate());
                        bind(GetJob.class).toInstance(fixture.useCases.getJob());
                        bind(ReadAsset.class).toInstance(fixture.useCases.assets());
                        bind(PreviewImages.class).toInstance(fixture.useCases.previews());
                        bind(DescribeServer.class).toInstance(counting);
                        bind(ListModels.class).toInstance(fixture.useCases.models());
                        bind(io.img2img.application.port.in.CancelJob.class).toInstance(fixture.useCases.cancel());
                        MapBinder.newMapBinder(binder(), String.class, Servlet.class);
                    }
                });
        assertThat(injector.getInstance(McpStdioServer.class)).isNotNull();
        assertThat(described.get())
                .as("no MCP server assembled before it serves")
                .isZero();

        Key<Map<String, Servlet>> servlets = Key.get(new TypeLiteral<>() {});
        Map<String, Servlet> mounted = injector.getInstance(servlets);
        assertThat(mounted).containsOnlyKeys("/mcp");
        assertThat(mounted.get("/mcp")).isInstanceOf(McpHttpServlet.class);
        assertThat(described.get())
                .as("the servlet's server assembled when first asked for")
                .isEqualTo(1);
        assertThat(injector.getInstance(servlets).get("/mcp")).isSameAs(mounted.get("/mcp"));
        assertThat(described.get()).as("and only once").isEqualTo(1);
    }
}
