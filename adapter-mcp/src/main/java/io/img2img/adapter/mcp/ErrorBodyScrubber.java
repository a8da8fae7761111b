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
 * and all) and writes instead a JSON-RPC error with only the code and a short message. Successful
 * answers (JSON and SSE streams) pass straight through.
 */
final class ErrorBodyScrubber extends HttpServletResponseWrapper {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;

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
        ObjectNode error = JSON.createObjectNode();
        error.put("code", -32603);
        error.put("message", "request failed");
        try {
            JsonNode sdk = JSON.readTree(held.toString());
            JsonNode rpc = sdk.has("jsonRpcError") ? sdk.get("jsonRpcError") : sdk.path("error");
            if (rpc.path("code").isInt()) {
                error.put("code", rpc.get("code").asInt());
            }
            String message = rpc.path("message").asText(sdk.path("message").asText(""));
            if (!message.isBlank()) {
                error.put("message", shorten(message));
            }
        } catch (IOException e) {
            // not JSON: keep the generic message
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("jsonrpc", "2.0");
        body.putNull("id");
        body.set("error", error);
        HttpServletResponse real = (HttpServletResponse) getResponse();
        real.setContentType("application/json");
        real.setCharacterEncoding("UTF-8");
        PrintWriter writer = real.getWriter();
        writer.write(JSON.writeValueAsString(body));
        writer.flush();
    }

    /** The first line, without Jackson's source excerpt, bounded. */
    static String shorten(String message) {
        String s = message;
        int cut = s.indexOf('\n');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        cut = s.indexOf(" at [Source");
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "…" : s;
    }
}
