package io.img2img.adapter.mcp;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.ImageCodec;
import jakarta.servlet.Servlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The module as the bootstrap uses it, beside a module that declares the same servlet MapBinder (as REST does). */
class McpModuleTest {
    @TempDir
    Path outputs;

    @Test
    void providesTheStdioServerAndContributesTheServletLazily() {
        Fixture fixture = new Fixture(outputs);
        int namesBefore = fixture.backend.nameCalls.get();
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new McpModule(fixture.settings), new AbstractModule() {
            @Override
            protected void configure() {
                bind(GenerateImage.class).toInstance(fixture.generate);
                bind(GetJob.class).toInstance(fixture.getJob);
                bind(AssetStore.class).toInstance(fixture.store);
                bind(ImageCodec.class).toInstance(fixture.codec);
                bind(ImageBackend.class).toInstance(fixture.backend);
                MapBinder.newMapBinder(binder(), String.class, Servlet.class);
            }
        });
        assertThat(fixture.backend.nameCalls.get()).as("nothing built at start-up").isEqualTo(namesBefore);

        assertThat(injector.getInstance(McpStdioServer.class)).isNotNull();
        assertThat(fixture.backend.nameCalls.get()).isEqualTo(namesBefore + 1);

        Key<Map<String, Servlet>> servlets = Key.get(new TypeLiteral<>() { });
        Map<String, Servlet> mounted = injector.getInstance(servlets);
        assertThat(mounted).containsOnlyKeys("/mcp");
        assertThat(mounted.get("/mcp")).isInstanceOf(McpHttpServlet.class);
        assertThat(injector.getInstance(servlets).get("/mcp")).isSameAs(mounted.get("/mcp"));
    }

    @Test
    void settingsComeFromTheEnvironmentWithDefaults() {
        McpSettings defaults = McpSettings.from(Map.of(), "1.0");
        assertThat(defaults).isEqualTo(McpSettings.defaults("1.0"));
        assertThat(defaults.waitBudget()).hasSeconds(45);
        assertThat(defaults.inlineBytes()).isEqualTo(700_000);
        assertThat(defaults.maxFrameBytes()).isEqualTo(32L * 1024 * 1024);
        McpSettings set = McpSettings.from(Map.of("IMG2IMG_WAIT_SECONDS", "0", "IMG2IMG_INLINE_BYTES", "1000",
                "IMG2IMG_MAX_BODY_BYTES", "65536"), "1.0");
        assertThat(set.waitBudget()).isZero();
        assertThat(set.inlineBytes()).isEqualTo(1000);
        assertThat(set.maxFrameBytes()).isEqualTo(65536);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> McpSettings.from(Map.of("IMG2IMG_WAIT_SECONDS", "301"), "1"))
                .hasMessageContaining("IMG2IMG_WAIT_SECONDS");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> McpSettings.from(Map.of("IMG2IMG_INLINE_BYTES", "lots"), "1"))
                .hasMessageContaining("IMG2IMG_INLINE_BYTES");
    }
}
