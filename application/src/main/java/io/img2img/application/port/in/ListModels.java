package io.img2img.application.port.in;

import io.img2img.domain.model.ListedModel;
import io.img2img.domain.result.ResultError;
import java.util.List;

/**
 * The models this backend can run img2img with, a page at a time (SPEC §5): on Scenario the team's
 * private models and Scenario's official public ones that are trained, list img2img and are not custom;
 * on local the one procedural pseudo-model. Never throws for an expected outcome: a cursor this server
 * did not give, or an upstream fault, is a page with an error.
 */
public interface ListModels {
    /** The most models in one page: a client's result limit (1 MiB for many MCP clients) is never reached. */
    int MAX_PAGE = 100;

    /**
     * @param nextCursor pass it back for the next page; {@code null} on the last
     * @param error      why there is no page, or {@code null}
     */
    record ModelList(String backend, List<ListedModel> models, String nextCursor, ResultError error) {
        public ModelList {
            models = List.copyOf(models);
        }
    }

    /** @param cursor {@code null} (or blank) for the first page */
    ModelList list(String cursor);
}
