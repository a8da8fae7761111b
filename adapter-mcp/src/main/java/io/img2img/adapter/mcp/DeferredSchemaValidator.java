package io.img2img.adapter.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SDK's JSON Schema validator, made on the first tool result instead of when the server is built.
 * Loading it (the JSON Schema 2020-12 dialect) is a tenth of a stdio start, and neither
 * {@code initialize} nor {@code tools/list} needs it. The SDK's build-time check that each tool's
 * schemas conform is kept: it runs, before anything else, when the validator is first made.
 */
final class DeferredSchemaValidator implements JsonSchemaValidator {
    private final ObjectMapper mapper;
    private final List<Map.Entry<String, Map<String, Object>>> pendingSchemas = new ArrayList<>();
    private JsonSchemaValidator delegate;

    DeferredSchemaValidator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public synchronized void assertConforms(String name, Map<String, Object> schema) {
        if (delegate == null) {
            pendingSchemas.add(Map.entry(name, schema));
        } else {
            delegate.assertConforms(name, schema);
        }
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        return delegate().validate(schema, structuredContent);
    }

    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
        return delegate().validateSchema(schema);
    }

    private synchronized JsonSchemaValidator delegate() {
        if (delegate == null) {
            JsonSchemaValidator made = new DefaultJsonSchemaValidator(mapper);
            pendingSchemas.forEach(s -> made.assertConforms(s.getKey(), s.getValue()));
            pendingSchemas.clear();
            delegate = made;
        }
        return delegate;
    }
}
