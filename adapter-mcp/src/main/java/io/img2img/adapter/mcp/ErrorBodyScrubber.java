package io.img2img.adapter.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Holds back what the SDK writes with an error status (it serialises its {@code McpError}, stack trace
 * and all) and writes instead a JSON-RPC error with only the code and a message in our words
 * ({@link ErrorText}), with the id of the request when it was read. Successful answers (JSON and SSE
 * streams) pass straight through.
 */
final class ErrorBodyScrubber extends HttpServletResponseWrapper {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CharArrayWriter held;
    private PrintWriter heldWriter;

    ErrorBodyScrubber(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void setStatus(int status) {
        super.setStatus(status);
        if (status >= 400 && held == null) {
            held = new CharArrayWriter();
            heldWriter = new PrintWriter(held);
        }
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        return heldWriter != null ? heldWriter : super.getWriter();
    }

    /** Writes the scrubbed error body, if an error body was held back. */
    void finish() throws IOException {
        if (heldWriter == null) {
            return;
        }
        heldWriter.flush();
        if (held.size() == 0) {
            return;
        }
        int code = -32603;
        String message = null;
        try {
            JsonNode sdk = JSON.readTree(held.toString());
            JsonNode rpc = sdk.has("jsonRpcError") ? sdk.get("jsonRpcError") : sdk.path("error");
            if (rpc.path("code").isInt()) {
                code = rpc.get("code").asInt();
            }
            message = rpc.path("message").asText(sdk.path("message").asText(""));
        } catch (IOException e) {
            // not JSON: the generic message
        }
        String cleaned = ErrorText.clean(message);
        write((HttpServletResponse) getResponse(), WireMapper.lastRequestId(), ErrorText.code(cleaned, code), cleaned);
    }

    /** A JSON-RPC error as the whole body of an HTTP answer whose status is already set. */
    static void write(HttpServletResponse response, Object id, int code, String message) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        ObjectNode body = JSON.createObjectNode();
        body.put("jsonrpc", "2.0");
        body.set("id", JSON.valueToTree(id));
        body.set("error", error);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        PrintWriter writer = response.getWriter();
        writer.write(JSON.writeValueAsString(body));
        writer.flush();
    }
}
