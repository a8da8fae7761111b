package io.img2img.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.in.ListModels;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.domain.model.ListedModel;
import io.img2img.domain.model.Model;
import io.img2img.domain.result.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListModelsServiceTest {
    private static ListedModel model(String id, String status, List<String> capabilities, boolean custom) {
        return new ListedModel(new Model(id, "sd-xl", status, capabilities, custom, List.of()), "Model " + id);
    }

    /** Pages by cursor: null → "b" → "c" → end; page "b" holds only models that cannot run img2img. */
    private final Map<String, ModelCatalog.ModelPage> pages = Map.of(
            "first",
                    new ModelCatalog.ModelPage(
                            List.of(
                                    model("model_a", "trained", List.of("img2img"), false),
                                    model("model_untrained", "training", List.of("img2img"), false)),
                            "b"),
            "b",
                    new ModelCatalog.ModelPage(
                            List.of(
                                    model("model_txt", "trained", List.of("txt2img"), false),
                                    model("model_custom", "trained", List.of("img2img"), true)),
                            "c"),
            "c", new ModelCatalog.ModelPage(List.of(model("model_c", null, null, false)), null));

    private final List<String> asked = new ArrayList<>();
    private final ModelCatalog catalog = new ModelCatalog() {
        @Override
        public Optional<Model> find(String modelId) {
            return Optional.empty();
        }

        @Override
        public ModelPage list(String cursor) throws BackendException {
            asked.add(cursor);
            ModelPage page = pages.get(cursor == null ? "first" : cursor);
            if (page == null) {
                throw new BackendException(ErrorCode.INVALID_REQUEST, "is not a cursor this server gave out");
            }
            return page;
        }
    };
    private final ListModelsService service = new ListModelsService(catalog, "scenario");

    @Test
    void keepsOnlyModelsThatRunImg2ImgAndSkipsAPageThatHadNone() {
        ListModels.ModelList first = service.list(null);
        assertThat(first.models()).extracting(m -> m.model().id()).containsExactly("model_a");
        assertThat(first.nextCursor()).isEqualTo("b");
        ListModels.ModelList second = service.list(first.nextCursor());
        assertThat(second.models()).extracting(m -> m.model().id()).containsExactly("model_c");
        assertThat(second.nextCursor()).isNull();
        assertThat(asked).containsExactly(null, "b", "c");
    }

    @Test
    void aCursorTheCatalogueDidNotGiveIsAViolationOnCursor() {
        ListModels.ModelList r = service.list("forged");
        assertThat(r.error().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(r.error().violations())
                .singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("cursor"));
    }
}
