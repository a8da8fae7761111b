package io.img2img.application.usecase;

import io.img2img.application.port.in.ListModels;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.domain.model.ListedModel;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.ResultError;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages of the catalogue, keeping the models that pass the checks made before a generation (trained,
 * img2img, not custom). A catalogue page whose models are all filtered out is skipped, a few at most
 * per call, so that a client is rarely handed an empty page that still has a next cursor.
 */
public final class ListModelsService implements ListModels {
    /** Catalogue pages read at most per call while every model read so far was filtered out. */
    static final int MAX_EMPTY_PAGES = 5;

    private final ModelCatalog catalog;
    private final String backend;

    public ListModelsService(ModelCatalog catalog, String backend) {
        this.catalog = catalog;
        this.backend = backend;
    }

    @Override
    public ModelList list(String cursor) {
        String next = cursor == null || cursor.isBlank() ? null : cursor;
        List<ListedModel> kept = new ArrayList<>();
        try {
            for (int page = 0; page < MAX_EMPTY_PAGES && kept.isEmpty(); page++) {
                ModelCatalog.ModelPage read = catalog.list(next);
                read.models().stream().filter(m -> m.model().runsImg2Img()).forEach(kept::add);
                next = read.nextCursor();
                if (next == null) {
                    break;
                }
            }
        } catch (BackendException e) {
            ResultError error = e.code() == ErrorCode.INVALID_REQUEST
                    ? ResultError.invalid(List.of(new Violation("cursor", e.getMessage())))
                    : new ResultError(e.code(), e.getMessage(), List.of(), e.retryAfter());
            return new ModelList(backend, List.of(), null, error);
        }
        return new ModelList(backend, kept, next, null);
    }
}
