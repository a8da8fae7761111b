package io.img2img.domain.model;

import io.img2img.domain.request.Field;
import io.img2img.domain.request.FieldCatalogue;
import io.img2img.domain.result.Backend;
import io.img2img.domain.result.ResultError;
import io.img2img.domain.result.ResultJson;
import io.img2img.domain.schema.JsonSchemas;
import io.img2img.domain.text.Numbers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page of models as a plain JSON tree, and its JSON Schema: each model with its family and the ranges
 * that family imposes on guidance, width and height, read from {@link ModelFamily} and the
 * {@link FieldCatalogue} (never re-typed), so a client can build a form for the model it picked.
 */
public final class ModelListJson {
    private ModelListJson() {}

    /** @param nextCursor where the next page starts; {@code null} on the last page */
    public static Map<String, Object> page(
            String backend, List<ListedModel> models, String nextCursor, ResultError error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", backend);
        if (error != null) {
            m.put("error", ResultJson.error(error));
            return m;
        }
        m.put("models", models.stream().map(ModelListJson::model).toList());
        if (nextCursor != null) {
            m.put("nextCursor", nextCursor);
        }
        return m;
    }

    public static Map<String, Object> model(ListedModel listed) {
        Model model = listed.model();
        ModelFamily family = model.family();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", model.id());
        m.put("name", listed.name());
        if (model.type() != null) {
            m.put("type", model.type());
        }
        m.put("family", family.wireName());
        Map<String, Object> ranges = new LinkedHashMap<>();
        Field guidance = FieldCatalogue.field("guidance");
        ranges.put(
                "guidance",
                range(family.guidance(guidance.range()), null, family.known() ? family.guidanceDefault() : null));
        for (String side : List.of("width", "height")) {
            Field f = FieldCatalogue.field(side);
            ranges.put(
                    side,
                    range(
                            ModelFamily.sides(model.type(), f.range()),
                            f.multipleOf(),
                            ((Number) f.defaultValue()).doubleValue()));
        }
        m.put("ranges", ranges);
        return m;
    }

    private static Map<String, Object> range(Range range, Integer multipleOf, Double defaultValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minimum", Numbers.schemaNumber(range.min()));
        m.put("maximum", Numbers.schemaNumber(range.max()));
        if (multipleOf != null) {
            m.put("multipleOf", multipleOf);
        }
        if (defaultValue != null) {
            m.put("default", Numbers.schemaNumber(defaultValue));
        }
        return m;
    }

    /** The schema of {@link #page}: the MCP tool's output schema and the REST answer's. */
    public static Map<String, Object> schema() {
        Map<String, Object> range = Map.of(
                "type",
                "object",
                "properties",
                Map.of(
                        "minimum",
                        Map.of("type", "number"),
                        "maximum",
                        Map.of("type", "number"),
                        "multipleOf",
                        Map.of("type", "integer"),
                        "default",
                        Map.of("type", "number")),
                "required",
                List.of("minimum", "maximum"));
        Map<String, Object> modelProps = new LinkedHashMap<>();
        modelProps.put("id", Map.of("type", "string", "description", "Pass it as modelId."));
        modelProps.put("name", Map.of("type", "string"));
        modelProps.put("type", Map.of("type", "string", "description", "The backend's model type."));
        modelProps.put(
                "family",
                Map.of(
                        "type",
                        "string",
                        "enum",
                        java.util.Arrays.stream(ModelFamily.values())
                                .map(ModelFamily::wireName)
                                .toList()));
        modelProps.put(
                "ranges",
                Map.of(
                        "type",
                        "object",
                        "description",
                        "What this model's family allows.",
                        "properties",
                        Map.of("guidance", range, "width", range, "height", range)));
        Map<String, Object> model = Map.of(
                "type", "object", "properties", modelProps, "required", List.of("id", "name", "family", "ranges"));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("backend", Map.of("type", "string", "enum", Backend.wireNames()));
        props.put("models", Map.of("type", "array", "items", model));
        props.put(
                "nextCursor",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "Pass it as cursor to get the next page; absent on the last page."));
        props.put("error", JsonSchemas.errorSchema());
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", props);
        schema.put("required", List.of("backend"));
        return schema;
    }
}
