package io.img2img.adapter.rest;

import io.img2img.adapter.http.Problem;
import io.img2img.application.port.in.AssetContent;
import io.img2img.application.port.in.ListModels;
import io.img2img.application.port.in.PreviewAsset;
import io.img2img.domain.model.ModelListJson;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.text.Texts;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** GET /v1/models?cursor= and GET /v1/assets/{assetId}?maxSide=N: what a person browses before and after generating. */
final class BrowseRoutes {
    private final ListModels models;
    private final PreviewAsset previews;

    private final String assetCaching;

    BrowseRoutes(RestUseCases useCases, String assetCaching) {
        this.assetCaching = assetCaching;
        this.models = useCases.models();
        this.previews = useCases.previews();
    }

    void models(Context ctx) {
        ListModels.ModelList page = models.list(ctx.queryParam("cursor"));
        if (page.error() != null) {
            Responses.problem(ctx, Problem.of(page.error()));
            return;
        }
        ctx.contentType("application/json")
                .result(Responses.write(ModelListJson.page(page.backend(), page.models(), page.nextCursor(), null)));
    }

    void preview(Context ctx) throws IOException {
        String assetId = ctx.pathParam("assetId");
        String text = ctx.queryParam("maxSide");
        Integer maxSide = null;
        try {
            maxSide = Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            // reported below
        }
        if (maxSide == null || maxSide < PreviewAsset.MIN_SIDE || maxSide > PreviewAsset.MAX_SIDE) {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.INVALID_REQUEST,
                            "maxSide must be " + PreviewAsset.SIDE_RULE,
                            List.of(new Violation(
                                    "maxSide", "must be " + PreviewAsset.SIDE_RULE + "; got " + Texts.quote(text))),
                            null));
            return;
        }
        Optional<AssetContent> preview = previews.preview(assetId, maxSide);
        if (preview.isEmpty()) {
            Responses.problem(ctx, Problem.of(ErrorCode.UNKNOWN_ASSET, "no asset " + assetId + " on this server"));
            return;
        }
        ctx.contentType(preview.get().mimeType());
        ctx.header("Content-Length", Long.toString(preview.get().sizeBytes()));
        ctx.header("Cache-Control", assetCaching);
        ctx.result(preview.get().content());
    }
}
