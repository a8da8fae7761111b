package io.img2img.adapter.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.Map;

/**
 * The mapper every transport reads and writes frames with. Every JSON-RPC error leaves through
 * {@link ErrorText} (the SDK fills messages and {@code data} with exception texts that name its classes
 * and Jackson's). Over HTTP it also checks a request's params before the SDK takes it: the SDK converts
 * the params of {@code tools/call} and the like outside the chain that turns failures into answers, so
 * {@code "arguments": "x"} closed the stream with no answer at all; here it is a message the transport
 * refuses with a JSON-RPC error naming the rule. (Over stdio the SDK answers such a request itself, and
 * a frame it cannot take would end the session: there the check is off.)
 */
final class WireMapper extends ForwardingJsonMapper {
    /** The typed params of each method whose handler converts them: a request that cannot convert is refused. */
    private static final Map<String, TypeRef<?>> PARAMS = Map.of(
            McpSchema.METHOD_TOOLS_CALL, new TypeRef<McpSchema.CallToolRequest>() {},
            McpSchema.METHOD_RESOURCES_READ, new TypeRef<McpSchema.ReadResourceRequest>() {},
            McpSchema.METHOD_INITIALIZE, new TypeRef<McpSchema.InitializeRequest>() {},
            McpSchema.METHOD_PROMPT_GET, new TypeRef<McpSchema.GetPromptRequest>() {},
            McpSchema.METHOD_LOGGING_SET_LEVEL, new TypeRef<McpSchema.SetLevelRequest>() {},
            McpSchema.METHOD_COMPLETION_COMPLETE, new TypeRef<McpSchema.CompleteRequest>() {});

    private static final ThreadLocal<Object> LAST_REQUEST_ID = new ThreadLocal<>();

    private final boolean checkParams;

    WireMapper(McpJsonMapper json, boolean checkParams) {
        super(json);
        this.checkParams = checkParams;
    }

    /** The id of the last request this thread read (over HTTP: the one being served), for an error about it. */
    static Object lastRequestId() {
        return LAST_REQUEST_ID.get();
    }

    static void forgetRequestId() {
        LAST_REQUEST_ID.remove();
    }

    @Override
    public <T> T convertValue(Object value, Class<T> type) {
        T converted = json.convertValue(value, type);
        if (checkParams && converted instanceof McpSchema.JSONRPCRequest request) {
            LAST_REQUEST_ID.set(request.id());
            checkParams(request);
        }
        return converted;
    }

    /** @throws IllegalArgumentException naming the rule (the transport answers it as a JSON-RPC error) */
    private void checkParams(McpSchema.JSONRPCRequest request) {
        Object params = request.params();
        if (params == null) {
            return;
        }
        if (!(params instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(
                    ErrorText.OWN_PREFIX + ": params must be a JSON object; got " + kind(params));
        }
        TypeRef<?> typed = PARAMS.get(request.method());
        if (typed == null) {
            return;
        }
        Object arguments = map.get("arguments");
        if (McpSchema.METHOD_TOOLS_CALL.equals(request.method()) && arguments != null && !(arguments instanceof Map)) {
            throw new IllegalArgumentException(
                    ErrorText.OWN_PREFIX + ": tools/call arguments must be a JSON object; got " + kind(arguments));
        }
        try {
            json.convertValue(params, typed);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    ErrorText.OWN_PREFIX + ": the params of " + request.method() + " do not have the shape it takes");
        }
    }

    private static String kind(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof java.util.List) {
            return "an array";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a " + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String writeValueAsString(Object value) throws IOException {
        return json.writeValueAsString(scrubbed(value));
    }

    @Override
    public byte[] writeValueAsBytes(Object value) throws IOException {
        return json.writeValueAsBytes(scrubbed(value));
    }

    /** A JSON-RPC error with its message in our words and no {@code data} (the SDK's holds exception texts). */
    static Object scrubbed(Object value) {
        if (value instanceof McpSchema.JSONRPCResponse response && response.error() != null) {
            McpSchema.JSONRPCResponse.JSONRPCError error = response.error();
            String message = ErrorText.clean(error.message());
            int code = ErrorText.code(message, error.code() == null ? -32603 : error.code());
            return new McpSchema.JSONRPCResponse(
                    response.jsonrpc(),
                    response.id(),
                    null,
                    new McpSchema.JSONRPCResponse.JSONRPCError(code, message, null));
        }
        return value;
    }
}
