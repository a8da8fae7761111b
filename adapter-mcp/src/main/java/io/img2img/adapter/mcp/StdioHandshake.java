package io.img2img.adapter.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The start of a stdio session, answered before the application exists: {@code initialize},
 * {@code notifications/initialized}, {@code tools/list}, {@code resources/list},
 * {@code resources/templates/list} and {@code ping} get the full server's recorded answers
 * ({@link HandshakeAnswers}), so a client lists the tools while the application is still being built. The
 * first frame it does not answer (a tool call, anything unusual, malformed or long) goes, with everything
 * after it, to the full server through a {@link SessionHandoff}: the client's {@code initialize} and
 * {@code notifications/initialized} are replayed to it first, so its session is the one the client opened,
 * and its answer to the replayed {@code initialize} is dropped (the client has it already). Loads the JSON
 * parser and nothing else: no SDK, no reactive pipeline.
 */
public final class StdioHandshake {
    /** Longer lines go to the full server unread: the handshake's frames are short. */
    private static final int LONGEST_LINE = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> INITIALIZE_PARAMS = Set.of("protocolVersion", "capabilities", "clientInfo", "_meta");

    private final Optional<HandshakeAnswers> answers;
    private final int longestLine;

    private StdioHandshake(Optional<HandshakeAnswers> answers, int longestLine) {
        this.answers = answers;
        this.longestLine = longestLine;
    }

    /** The handshake of a server on this backend ({@code Backend#wireName}), with this version and settings. */
    public static StdioHandshake of(String backend, String version, McpSettings settings) {
        return new StdioHandshake(HandshakeAnswers.load(backend, version, settings.waitBudget().toSeconds()),
                Math.min(LONGEST_LINE, settings.stdioFrameLimit()));
    }

    /**
     * Answers the client's first frames on {@code out} until one needs the full server, then hands the rest
     * of the session over to {@code handoff}.
     *
     * @return true when the session was handed over; false when the client closed stdin first (the
     * handoff is then given what was replayable and the end of input, and nothing else needs answering)
     */
    public boolean serve(InputStream in, OutputStream out, SessionHandoff handoff) throws IOException {
        ByteArrayOutputStream replay = new ByteArrayOutputStream(); // initialize and initialized, as the client sent them
        int answered = 0;
        boolean initialized = false;
        boolean notified = false;
        Lines lines = new Lines(in, longestLine);
        while (true) {
            byte[] line = lines.next();
            if (line == null) {
                handoff.handOver(new ByteArrayInputStream(replay.toByteArray()), answered);
                return false;
            }
            Frame frame = lines.complete() && line.length <= longestLine && answers.isPresent() ? Frame.parse(line) : null;
            if (frame == null) {
                break;
            }
            if (frame.request() && frame.method().equals("initialize") && !initialized && frame.initializeParams()) {
                write(out, answers.get().initialize(frame.id(), frame.protocolVersion()));
                initialized = true;
                answered++;
            } else if (!frame.request() && frame.method().equals("notifications/initialized") && initialized && !notified
                    && frame.noParams()) {
                notified = true;
            } else if (frame.request() && notified && frame.noParams() && HandshakeRecording.LISTS.contains(frame.method())) {
                write(out, answers.get().list(frame.method(), frame.id()));
                continue; // nothing the session remembers: not replayed
            } else {
                break;
            }
            replay.write(line);
            replay.write('\n');
        }
        // the frame just read needs the full server: it reads it after the replay, then the rest of the input
        replay.write(lines.last());
        if (lines.complete()) {
            replay.write('\n');
        }
        handoff.handOver(new SequenceInputStream(new ByteArrayInputStream(replay.toByteArray()), lines.rest()), answered);
        return true;
    }

    private static void write(OutputStream out, String frame) throws IOException {
        out.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * One frame as far as the handshake needs it. Anything it cannot vouch for the full server would read
     * the same way (another member, a duplicate one, an id that would not be written back byte for byte,
     * trailing text) makes it no frame at all, so the full server reads it.
     *
     * @param id              the request's id as it is written back; null for a notification
     * @param params          the members of {@code params}; null when absent
     * @param protocolVersion {@code params.protocolVersion} when it is a string
     */
    private record Frame(String method, String id, Set<String> params, String protocolVersion, boolean wellShapedParams) {
        boolean request() {
            return id != null;
        }

        boolean noParams() {
            return params == null || Set.of("_meta").containsAll(params);
        }

        boolean initializeParams() {
            return params != null && wellShapedParams && protocolVersion != null && INITIALIZE_PARAMS.containsAll(params)
                    && params.contains("capabilities") && params.contains("clientInfo");
        }

        static Frame parse(byte[] line) {
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
                if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null
                        || !"2.0".equals(jsonrpc) || method == null) {
                    return null;
                }
                return new Frame(method, id, params, protocolVersion, wellShaped);
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

    /** The client's lines, read no further than needed: what is left goes to the full server untouched. */
    private static final class Lines {
        private final InputStream in;
        private final int longest;
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;
        private boolean complete;
        private byte[] last;

        Lines(InputStream in, int longest) {
            this.in = in;
            this.longest = longest;
        }

        /**
         * The next line without its end (a trailing CR dropped too), or, when it is longer than the handshake
         * reads or input ends inside it, what was read of it ({@link #complete()} false); null at end of input.
         */
        byte[] next() throws IOException {
            last = read();
            return last;
        }

        /** The line {@link #next()} returned last. */
        byte[] last() {
            return last;
        }

        private byte[] read() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                if (position == limit) {
                    int n = in.read(buffer, 0, buffer.length);
                    if (n < 0) {
                        complete = false;
                        return line.size() == 0 ? null : line.toByteArray();
                    }
                    position = 0;
                    limit = n;
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                line.write(buffer, start, position - start);
                if (position < limit) {
                    position++; // the newline
                    complete = true;
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length;
                    return length > 0 && bytes[length - 1] == '\r' ? Arrays.copyOf(bytes, length - 1) : bytes;
                }
                if (line.size() > longest) {
                    complete = false;
                    return line.toByteArray();
                }
            }
        }

        boolean complete() {
            return complete;
        }

        /** What was read past the last line, then the rest of the input. */
        InputStream rest() {
            return new SequenceInputStream(new ByteArrayInputStream(buffer, position, limit - position), in);
        }
    }
}
