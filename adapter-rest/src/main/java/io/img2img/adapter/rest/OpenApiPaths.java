package io.img2img.adapter.rest;

import io.img2img.application.port.in.ListModels;
import io.img2img.application.port.in.PreviewAsset;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.schema.JsonSchemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI parts for people (SPEC §6): the multipart form of the generation request, the model list and
 * the asset previews. The form's schema is the domain's request schema with the two fields a form carries
 * differently: the image as a file ({@code format: binary}, so documentation pages offer a file picker) and
 * the concepts as JSON text.
 */
final class OpenApiPaths {
    private OpenApiPaths() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> formSchema() {
        Map<String, Object> schema = new LinkedHashMap<>(JsonSchemas.request());
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) schema.get("properties"));
        properties.put(
                "image",
                Map.of(
                        "type",
                        "string",
                        "format",
                        "binary",
                        "contentMediaType",
                        "application/octet-stream",
                        "description",
                        "The reference image file (PNG, JPEG, WebP or GIF); or, as a text part, an asset id."));
        Map<String, Object> concepts = new LinkedHashMap<>((Map<String, Object>) properties.get("concepts"));
        concepts.put("type", "string");
        concepts.put("contentMediaType", "application/json");
        concepts.remove("items");
        concepts.remove("maxItems");
        concepts.put("description", "JSON text: " + concepts.get("description"));
        properties.put("concepts", concepts);
        properties.putAll(OpenApiWebhooks.formProperties());
        schema.put("properties", properties);
        schema.put(
                "description",
                "Every field as a text part typed by the request schema (numSamples=2, hideResults=true); "
                        + "the image as a file part. At most " + FormBody.MAX_PARTS
                        + " parts; a duplicate or unknown part is a violation.");
        return schema;
    }

    static Map<String, Object> models() {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("summary", "The models this backend can run img2img with, " + ListModels.MAX_PAGE + " at most per page");
        op.put(
                "description",
                "On Scenario: the team's private models, then Scenario's official public ones, that are "
                        + "trained, support img2img and are not custom; on local: the procedural pseudo-model. Each with its "
                        + "family's ranges of guidance, width and height. Follow nextCursor for more.");
        op.put("operationId", "listImg2imgModels");
        op.put(
                "parameters",
                List.of(OpenApiDocument.query(
                        "cursor", "The nextCursor of the previous page.", Map.of("type", "string"))));
        op.put(
                "responses",
                OpenApiDocument.withOk(
                        Map.of("200", OpenApiDocument.json("A page of models", OpenApiDocument.ref("ModelList"))),
                        OpenApiProblems.responses(
                                ErrorCode.INVALID_REQUEST,
                                ErrorCode.UPSTREAM_RATE_LIMITED,
                                ErrorCode.UPSTREAM_AUTH,
                                ErrorCode.UPSTREAM_FAILURE,
                                ErrorCode.UPSTREAM_TIMEOUT)));
        return op;
    }

    static Map<String, Object> maxSide() {
        return OpenApiDocument.query(
                "maxSide",
                "A downscaled preview whose longer side is at most this (aspect kept, never enlarged).",
                Map.of("type", "integer", "minimum", PreviewAsset.MIN_SIDE, "maximum", PreviewAsset.MAX_SIDE));
    }
}
