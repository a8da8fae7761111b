package io.img2img.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.in.PreviewAsset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README states the REST API's wait and preview bounds as the constants the routes read. */
class ReadmeNumbersTest {

    @Test
    void theReadmesPreferWaitAndPreviewBoundsAreTheRoutesConstants() throws Exception {
        Path here = Path.of("").toAbsolutePath();
        while (here != null
                && !(Files.exists(here.resolve("README.md")) && Files.exists(here.resolve("adapter-rest")))) {
            here = here.getParent();
        }
        assertThat(here).as("the project's root, holding README.md").isNotNull();
        String readme = Files.readString(here.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme)
                .contains("`Prefer: wait=N` (default " + GenerationRoutes.DEFAULT_GENERATE_WAIT.toSeconds()
                        + ", at most " + Prefer.MAX_WAIT.toSeconds() + " seconds)");
        assertThat(readme).contains("(" + PreviewAsset.MIN_SIDE + "–" + PreviewAsset.MAX_SIDE + ")");
    }
}
