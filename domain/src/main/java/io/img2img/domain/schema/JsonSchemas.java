package io.img2img.domain.schema;

import io.img2img.domain.request.Field;
import io.img2img.domain.request.FieldCatalogue;
import io.img2img.domain.result.Backend;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.text.Numbers;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schemas (draft 2020-12, which OpenAPI 3.1 embeds) of the request and of the result, rendered
 * from the {@link FieldCatalogue} as plain maps: the MCP tool's input/output schemas and the OpenAPI
 * document are these maps, serialised.
 */
public final class JsonSchemas {

    private JsonSchemas() {}

    public static Map<String, Object> request() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties(FieldCatalogue.FIELDS));
        schema.put("required", FieldCatalogue.requiredNames());
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> properties(List<Field> fields) {
        Map<String, Object> properties = new LinkedHashMap<>();
        fields.forEach(f -> properties.put(f.name(), property(f)));
        return properties;
    }

    private static Map<String, Object> property(Field f) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(
                "type",
                f.alsoInteger()
                        ? List.of(f.type().schemaName(), "integer")
                        : f.type().schemaName());
        p.put("description", f.description());
        if (f.minimum() != null) {
            p.put("minimum", Numbers.schemaNumber(f.minimum()));
        }
        if (f.maximum() != null) {
            p.put("maximum", Numbers.schemaNumber(f.maximum()));
        }
        if (f.multipleOf() != null) {
            p.put("multipleOf", f.multipleOf());
        }
        if (f.defaultValue() != null) {
            p.put(
                    "default",
                    f.defaultValue() instanceof Number n ? Numbers.schemaNumber(n.doubleValue()) : f.defaultValue());
        }
        if (!f.allowed().isEmpty()) {
            p.put("enum", f.allowed());
        }
        if (f.pattern() != null) {
            p.put("pattern", f.pattern());
        }
        if (f.maxItems() != null) {
            p.put("maxItems", f.maxItems());
        }
        if (!f.items().isEmpty()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("type", "object");
            item.put("properties", properties(f.items()));
            item.put(
                    "required",
                    f.items().stream().filter(Field::required).map(Field::name).toList());
            item.put("additionalProperties", false);
            p.put("items", item);
        }
        return p;
    }

    /** One object schema for results, dry runs and errors: {@code backend} always, the rest optional. */
    public static Map<String, Object> result() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(
                "backend",
                Map.of(
                        "type",
                        "string",
                        "enum",
                        Backend.wireNames(),
                        "description",
                        "Which backend served the request; \"" + Backend.LOCAL.wireName()
                                + "\" is the offline procedural renderer, not an AI model."));
        props.put(
                "jobId",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "The job; follow it with get-img2img-job / GET /v1/jobs/{jobId}."));
        props.put(
                "status",
                Map.of(
                        "type",
                        "string",
                        "enum",
                        Arrays.stream(JobStatus.values())
                                .map(JobStatus::wireName)
                                .toList()));
        props.put("progress", Map.of("type", "number", "minimum", 0, "maximum", 1));
        props.put(
                "queuePosition",
                Map.of(
                        "type",
                        "integer",
                        "minimum",
                        1,
                        "description",
                        "only while queued in this server's queue: 1 starts next"));
        props.put("seed", Map.of("type", "string", "description", "The seed used, to reproduce the result."));
        props.put("creativeUnitsCost", Map.of("type", "number", "minimum", 0));
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("type", "object");
        image.put(
                "properties",
                Map.of(
                        "assetId", Map.of("type", "string"),
                        "url", Map.of("type", "string", "description", "Where this server serves the image."),
                        "remoteUrl", Map.of("type", "string", "description", "The backend's own (signed) URL."),
                        "mimeType", Map.of("type", "string"),
                        "width", Map.of("type", "integer"),
                        "height", Map.of("type", "integer"),
                        "path", Map.of("type", "string", "description", "The saved file on the server's disk.")));
        image.put("required", List.of("assetId", "mimeType", "width", "height"));
        props.put("images", Map.of("type", "array", "items", image));
        props.put("dryRun", Map.of("type", "boolean"));
        props.put(
                "notes",
                Map.of(
                        "type",
                        "array",
                        "items",
                        Map.of("type", "string"),
                        "description",
                        "How the request was adjusted to run, e.g. a reference image scaled down to fit the backend."));
        props.put("error", errorSchema());
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", props);
        schema.put("required", List.of("backend"));
        return schema;
    }

    public static Map<String, Object> errorSchema() {
        Map<String, Object> violation = Map.of(
                "type",
                "object",
                "properties",
                Map.of("field", Map.of("type", "string"), "message", Map.of("type", "string")),
                "required",
                List.of("field", "message"));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(
                "code",
                Map.of(
                        "type",
                        "string",
                        "enum",
                        Arrays.stream(ErrorCode.values())
                                .map(ErrorCode::wireName)
                                .toList()));
        props.put("message", Map.of("type", "string"));
        props.put("violations", Map.of("type", "array", "items", violation));
        props.put("retryAfterSeconds", Map.of("type", "integer", "minimum", 1));
        return Map.of("type", "object", "properties", props, "required", List.of("code", "message"));
    }
}
