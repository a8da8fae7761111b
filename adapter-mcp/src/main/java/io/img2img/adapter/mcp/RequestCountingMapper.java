package io.img2img.adapter.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;

/**
 * The transport's JSON mapper, telling {@link PendingAnswers} of every request decoded and of every
 * message serialised (in the order the frames are then written).
 */
final class RequestCountingMapper implements McpJsonMapper {
    private final McpJsonMapper json;
    private final PendingAnswers pending;

    RequestCountingMapper(McpJsonMapper json, PendingAnswers pending) {
        this.json = json;
        this.pending = pending;
    }

    @Override
    public <T> T readValue(String content, Class<T> type) throws IOException {
        return json.readValue(content, type);
    }

    @Override
    public <T> T readValue(byte[] content, Class<T> type) throws IOException {
        return json.readValue(content, type);
    }

    @Override
    public <T> T readValue(String content, TypeRef<T> type) throws IOException {
        return json.readValue(content, type);
    }

    @Override
    public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
        return json.readValue(content, type);
    }

    @Override
    public <T> T convertValue(Object value, Class<T> type) {
        T converted = json.convertValue(value, type);
        if (converted instanceof McpSchema.JSONRPCRequest) {
            pending.requestRead();
        }
        return converted;
    }

    @Override
    public <T> T convertValue(Object value, TypeRef<T> type) {
        return json.convertValue(value, type);
    }

    @Override
    public String writeValueAsString(Object value) throws IOException {
        String text = json.writeValueAsString(value);
        if (value instanceof McpSchema.JSONRPCMessage) {
            pending.serialised(value instanceof McpSchema.JSONRPCResponse);
        }
        return text;
    }

    @Override
    public byte[] writeValueAsBytes(Object value) throws IOException {
        return json.writeValueAsBytes(value);
    }
}
