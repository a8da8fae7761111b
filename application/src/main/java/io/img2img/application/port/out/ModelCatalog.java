package io.img2img.application.port.out;

import io.img2img.domain.model.ListedModel;
import io.img2img.domain.model.Model;
import java.util.List;
import java.util.Optional;

/** What the backend knows of a model: type, capabilities, custom flag, training status, compliant base models. */
public interface ModelCatalog {

    /** The model, or empty when it does not exist. */
    Optional<Model> find(String modelId) throws BackendException;

    /**
     * One page of the models this backend offers, at most {@code ListModels.MAX_PAGE} of them, unfiltered (the
     * service keeps those that run img2img).
     * A catalogue that can only look models up lists none.
     *
     * @param cursor {@code null} for the first page, else a {@link ModelPage#nextCursor} this catalogue gave;
     *               one it did not give is a {@link BackendException} with code {@code INVALID_REQUEST}
     */
    default ModelPage list(String cursor) throws BackendException {
        return new ModelPage(List.of(), null);
    }

    /** @param nextCursor where the next page starts, opaque to callers; {@code null} after the last page */
    record ModelPage(List<ListedModel> models, String nextCursor) {
        public ModelPage {
            models = List.copyOf(models);
        }
    }
}
