package io.img2img.adapter.mcp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

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

    private final Optional<HandshakeAnswers> answers;
    private final int longestLine;

    private StdioHandshake(Optional<HandshakeAnswers> answers, int longestLine) {
        this.answers = answers;
        this.longestLine = longestLine;
    }

    /** The handshake of a server on this backend ({@code Backend#wireName}), with this version and settings. */
    public static StdioHandshake of(String backend, String version, McpSettings settings) {
        return new StdioHandshake(
                HandshakeAnswers.load(backend, version, settings.waitBudget().toSeconds()),
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
        ByteArrayOutputStream replay =
                new ByteArrayOutputStream(); // initialize and initialized, as the client sent them
        int answered = 0;
        boolean initialized = false;
        boolean notified = false;
        ClientLines lines = new ClientLines(in, longestLine);
        while (true) {
            byte[] line = lines.next();
            if (line == null) {
                handoff.handOver(new ByteArrayInputStream(replay.toByteArray()), answered);
                return false;
            }
            HandshakeFrame frame = lines.complete() && line.length <= longestLine && answers.isPresent()
                    ? HandshakeFrame.parse(line)
                    : null;
            if (frame == null) {
                break;
            }
            if (frame.request() && frame.method().equals("initialize") && !initialized && frame.initializeParams()) {
                write(out, answers.get().initialize(frame.id(), frame.protocolVersion()));
                initialized = true;
                answered++;
            } else if (!frame.request()
                    && frame.method().equals("notifications/initialized")
                    && initialized
                    && !notified
                    && frame.noParams()) {
                notified = true;
            } else if (frame.request()
                    && notified
                    && frame.noParams()
                    && HandshakeRecording.LISTS.contains(frame.method())) {
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
        handoff.handOver(
                new SequenceInputStream(new ByteArrayInputStream(replay.toByteArray()), lines.rest()), answered);
        return true;
    }

    private static void write(OutputStream out, String frame) throws IOException {
        out.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
