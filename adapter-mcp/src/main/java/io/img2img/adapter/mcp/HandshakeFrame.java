package io.img2img.adapter.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * One frame as far as the handshake needs it. Anything it cannot vouch for the full server would read
 * the same way (another member, a duplicate one, an id that would not be written back byte for byte,
 * trailing text) makes it no frame at all, so the full server reads it.
 *
 * @param id              the request's id as it is written back; null for a notification
 * @param params          the members of {@code params}; null when absent
 * @param protocolVersion {@code params.protocolVersion} when it is a string
 */
record HandshakeFrame(String method, String id, Set<String> params, String protocolVersion, boolean wellShapedParams) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> INITIALIZE_PARAMS =
            Set.of("protocolVersion", "capabilities", "clientInfo", "_meta");

    boolean request() {
        return id != null;
    }

    boolean noParams() {
        return params == null || Set.of("_meta").containsAll(params);
    }

    boolean initializeParams() {
        return params != null
                && wellShapedParams
                && protocolVersion != null
                && INITIALIZE_PARAMS.containsAll(params)
                && params.contains("capabilities")
                && params.contains("clientInfo");
    }

    static HandshakeFrame parse(byte[] line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Set<String> members = new HashSet<>();
            String jsonrpc = null;
            String method = null;
            String id = null;
            Set<String> params = null;
            String protocolVersion = null;
            boolean wellShaped = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!members.add(name)) {
                    return null;
                }
                switch (name) {
                    case "jsonrpc" -> jsonrpc = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "method" -> method = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "id" -> {
                        id = id(p, value);
                        if (id == null) {
                            return null;
                        }
                    }
                    case "params" -> {
                        if (value != JsonToken.START_OBJECT) {
                            return null;
                        }
                        params = new HashSet<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String param = p.currentName();
                            JsonToken v = p.nextToken();
                            if (!params.add(param)) {
                                return null;
                            }
                            if (param.equals("protocolVersion")) {
                                protocolVersion = v == JsonToken.VALUE_STRING ? p.getText() : null;
                            } else if (v != JsonToken.START_OBJECT) {
                                wellShaped = false;
                            }
                            p.skipChildren();
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT
                    || p.nextToken() != null
                    || !"2.0".equals(jsonrpc)
                    || method == null) {
                return null;
            }
            return new HandshakeFrame(method, id, params, protocolVersion, wellShaped);
        } catch (IOException | RuntimeException e) {
            return null; // not for the handshake: the full server answers it as it answers any bad frame
        }
    }

    /** A string, or an integer as Jackson writes it back; null for anything else. */
    private static String id(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(p.getText())) + "\"";
        }
        if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            String text = p.getText();
            return text.equals(Integer.toString(p.getIntValue())) ? text : null;
        }
        return null;
    }
}
