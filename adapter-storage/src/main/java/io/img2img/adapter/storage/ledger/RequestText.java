package io.img2img.adapter.storage.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/** The accepted request's JSON tree as the text of the {@code request_json} column, and back. */
final class RequestText {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() {
    };

    private RequestText() {
    }

    static String write(Map<String, Object> request) {
        try {
            return JSON.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request is not a JSON tree: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> read(String text) {
        try {
            return text == null || text.isBlank() ? Map.of() : JSON.readValue(text, TREE);
        } catch (JsonProcessingException e) {
            // a row written by another tool: readable as a job, but its request cannot be run again
            return Map.of();
        }
    }
}
