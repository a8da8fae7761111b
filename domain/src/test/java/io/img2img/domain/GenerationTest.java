package io.img2img.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.domain.model.Model;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.ImageReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationTest {

    private static Model model(String type) {
        return new Model("model_abc", type, "trained", List.of("img2img"), false, List.of());
    }

    @Test
    void catalogueDefaultsAreAppliedExplicitly() {
        Generation g = Generation.of(Requests.valid().request(), Model.unknown("model_abc"), () -> 7);
        assertThat(g.strength()).isEqualTo(0.75);
        assertThat(g.numSamples()).isEqualTo(4);
        assertThat(g.numInferenceSteps()).isEqualTo(30);
        assertThat(g.width()).isEqualTo(512);
        assertThat(g.height()).isEqualTo(512);
        assertThat(g.seed()).isEqualTo(7);
        assertThat(g.guidance()).as("unknown type: guidance only when given").isNull();
        assertThat(g.hideResults()).isFalse();
    }

    @Test
    void guidanceDefaultsByFamily() {
        assertThat(Generation.of(Requests.valid().request(), model("flux.1"), () -> 1)
                        .guidance())
                .isEqualTo(3.5);
        assertThat(Generation.of(Requests.valid().request(), model("flux.1-pro"), () -> 1)
                        .guidance())
                .isEqualTo(3);
        assertThat(Generation.of(Requests.valid().request(), model("sd-xl-lora"), () -> 1)
                        .guidance())
                .isEqualTo(6);
        assertThat(Generation.of(Requests.valid().request(), model("sd-1_5"), () -> 1)
                        .guidance())
                .isEqualTo(7.5);
        assertThat(Generation.of(Requests.valid().with("guidance", 2).request(), model("gpt-image-1"), () -> 1)
                        .guidance())
                .isEqualTo(2);
    }

    @Test
    void givenSeedWinsAndDrawnSeedsStayBelowTwoToThe53() {
        assertThat(Generation.of(Requests.valid().with("seed", "99").request(), model("sd-xl"), () -> 1)
                        .seedText())
                .isEqualTo("99");
        long drawn = Generation.of(Requests.valid().request(), model("sd-xl"), () -> -1L)
                .seed();
        assertThat(drawn).isBetween(0L, (1L << 53) - 1);
    }

    @Test
    void deprecatedImageIdBecomesTheReference() {
        Generation g = Generation.of(
                Requests.valid().without("image").with("imageId", "asset_x").request(), model("sd-xl"), () -> 1);
        assertThat(g.image()).isEqualTo(new ImageReference.AssetId("asset_x"));
    }
}
