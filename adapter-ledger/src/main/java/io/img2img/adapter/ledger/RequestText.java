package io.img2img.adapter.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** The accepted request's JSON tree and the result's notes as the text of their columns, and back. */
final class RequestText {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() {};

    private static final TypeReference<List<String>> NOTES = new TypeReference<>() {};

    private RequestText() {}

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

    /** The notes as a JSON array, or {@code null} when there are none. */
    static String writeNotes(List<String> notes) {
        try {
            return notes.isEmpty() ? null : JSON.writeValueAsString(notes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notes are plain strings", e);
        }
    }

    static List<String> readNotes(String text) {
        try {
            return text == null || text.isBlank() ? List.of() : JSON.readValue(text, NOTES);
        } catch (JsonProcessingException e) {
            return List.of(); // written by another tool: the job stays readable
        }
    }
}
