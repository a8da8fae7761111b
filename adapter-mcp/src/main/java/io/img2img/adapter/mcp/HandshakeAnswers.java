package io.img2img.adapter.mcp;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The full server's answers to the handshake, as {@link HandshakeRecording} recorded them at build time, with
 * this process's version and wait budget filled in. The protocol version is negotiated as the SDK does: the
 * client's when the SDK supports it, else the SDK's latest.
 */
final class HandshakeAnswers {
    private final List<String> versions;
    private final String fallback;
    private final Map<String, String> templates;

    private HandshakeAnswers(List<String> versions, String fallback, Map<String, String> templates) {
        this.versions = versions;
        this.fallback = fallback;
        this.templates = templates;
    }

    static String resource(String backend) {
        return "io/img2img/adapter/mcp/handshake-" + backend + ".txt";
    }

    /** The answers for this backend, version and wait budget; empty when the build recorded none (then nothing is answered early). */
    static Optional<HandshakeAnswers> load(String backend, String version, long waitSeconds) {
        InputStream in = HandshakeAnswers.class.getClassLoader().getResourceAsStream(resource(backend));
        if (in == null) {
            return Optional.empty();
        }
        String quotedVersion = new String(JsonStringEncoder.getInstance().quoteAsString(version));
        Map<String, String> entries = new HashMap<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    entries.put(
                            line.substring(0, tab),
                            line.substring(tab + 1)
                                    .replace(HandshakeRecording.VERSION, quotedVersion)
                                    .replace(HandshakeRecording.WAIT_SECONDS, Long.toString(waitSeconds)));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        String versions = entries.remove(HandshakeRecording.KEY_VERSIONS);
        String fallback = entries.remove(HandshakeRecording.KEY_FALLBACK);
        if (versions == null
                || fallback == null
                || !entries.containsKey(HandshakeRecording.KEY_INITIALIZE)
                || !entries.keySet().containsAll(HandshakeRecording.LISTS)) {
            return Optional.empty();
        }
        return Optional.of(new HandshakeAnswers(List.of(versions.split(",")), fallback, Map.copyOf(entries)));
    }

    /** The answer to {@code initialize}; {@code id} is the request's id as JSON. */
    String initialize(String id, String requestedProtocol) {
        String negotiated = versions.contains(requestedProtocol) ? requestedProtocol : fallback;
        return frame(HandshakeRecording.KEY_INITIALIZE, id).replace(HandshakeRecording.PROTOCOL_VERSION, negotiated);
    }

    /** The answer to one of {@link HandshakeRecording#LISTS}. */
    String list(String method, String id) {
        return frame(method, id);
    }

    private String frame(String method, String id) {
        return templates.get(method).replace("\"" + HandshakeRecording.ID + "\"", id);
    }
}
