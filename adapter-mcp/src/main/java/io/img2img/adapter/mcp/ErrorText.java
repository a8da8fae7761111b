package io.img2img.adapter.mcp;

import io.img2img.domain.request.JsonBounds;
import java.util.regex.Pattern;

/**
 * The message of a JSON-RPC error as a client may read it: the SDK and Jackson put their own class names
 * ({@code io.modelcontextprotocol.spec.McpSchema$JSONRPCRequest}, {@code com.fasterxml…}) and source
 * excerpts into theirs. Such a message is replaced by what it means, in our words; any other is kept,
 * to its first line and a bounded length.
 */
final class ErrorText {
    /** JSON-RPC's "invalid params". */
    static final int INVALID_PARAMS = -32602;
    /** Messages of our own that the SDK wraps ("Invalid message format: " + ours). */
    static final String OWN_PREFIX = "invalid params";

    private static final int MAX_MESSAGE = 300;
    private static final Pattern INTERNAL = Pattern.compile(
            "io\\.modelcontextprotocol|com\\.fasterxml|tools\\.jackson|reactor\\.|java\\.|javax\\.|jakarta\\.|McpSchema"
                    + "|\\$[A-Z]|[A-Za-z]Exception\\b|[A-Za-z]Error\\b|`|\\[Source|StreamReadConstraints");
    private static final Pattern JSON_BOUND =
            Pattern.compile("exceeds the maximum|StreamReadConstraints|too deeply nested");

    private ErrorText() {}

    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "request failed";
        }
        String s = firstLine(message);
        int own = s.indexOf(OWN_PREFIX);
        if (own >= 0 && !INTERNAL.matcher(s).find()) {
            return bounded(s.substring(own)); // ours, whatever the SDK put before it
        }
        if (JSON_BOUND.matcher(message).find()) {
            return "the message breaks a bound on JSON (" + JsonBounds.describe() + ")";
        }
        if (!INTERNAL.matcher(s).find()) {
            return bounded(s);
        }
        if (s.startsWith("Invalid message format") || s.contains("JSONRPC")) {
            return "invalid message: not a JSON-RPC 2.0 request, notification or response in JSON";
        }
        if (s.contains("deserialize")
                || s.contains("construct")
                || s.contains("Unrecognized")
                || s.contains("coerce")) {
            return OWN_PREFIX + ": they do not have the shape the method takes";
        }
        return "request failed";
    }

    /** The JSON-RPC code for a cleaned message: ours about params are "invalid params". */
    static int code(String cleaned, int code) {
        return cleaned.startsWith(OWN_PREFIX) ? INVALID_PARAMS : code;
    }

    private static String firstLine(String message) {
        String s = message;
        int cut = s.indexOf('\n');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        cut = s.indexOf(" at [Source");
        return cut >= 0 ? s.substring(0, cut) : s;
    }

    private static String bounded(String s) {
        return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "…" : s;
    }
}
