package io.img2img.adapter.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;

/**
 * The transport's JSON mapper, telling {@link PendingAnswers} of every request decoded and of every
 * message serialised (in the order the frames are then written).
 */
final class RequestCountingMapper extends ForwardingJsonMapper {
    private final PendingAnswers pending;

    RequestCountingMapper(McpJsonMapper json, PendingAnswers pending) {
        super(json);
        this.pending = pending;
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
    public String writeValueAsString(Object value) throws IOException {
        String text = json.writeValueAsString(value);
        if (value instanceof McpSchema.JSONRPCMessage) {
            pending.serialised(value instanceof McpSchema.JSONRPCResponse);
        }
        return text;
    }
}
