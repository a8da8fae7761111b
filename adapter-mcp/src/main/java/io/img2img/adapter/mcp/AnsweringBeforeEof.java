package io.img2img.adapter.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Lets the stdio server answer every request it has read before it sees stdin end. The SDK's stdio
 * transport stops writing the moment its reader meets end of input, which would drop the answers to a
 * script's last requests ({@code img2img mcp < frames.jsonl}). The transport's JSON mapper counts
 * requests read and responses written; stdin's end is held back until the two agree (or a bound passes).
 */
final class AnsweringBeforeEof {
    private final Object lock = new Object();
    private final long boundNanos;
    private int unanswered;
    private final java.util.ArrayDeque<Boolean> serialised = new java.util.ArrayDeque<>();

    /** @param bound the longest the end of input is held back (longer than any tool call's wait) */
    AnsweringBeforeEof(Duration bound) {
        this.boundNanos = bound.toNanos();
    }

    /**
     * The client's input, handed over at most one line per read and with nothing ever "available":
     * the transport's reader (and its decoder's read-ahead) then asks for more only once it has
     * consumed every line already given, so end of input is met only after the last request has been
     * read and counted, and can be held back until it is answered.
     */
    InputStream input(InputStream in) {
        return new FilterInputStream(in) {
            private final byte[] chunk = new byte[64 * 1024];
            private int position;
            private int limit;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (position == limit) {
                    int n = super.read(chunk, 0, chunk.length);
                    if (n < 0) {
                        return endOfInput();
                    }
                    position = 0;
                    limit = n;
                }
                int end = Math.min(limit, position + len);
                int stop = position;
                while (stop < end && chunk[stop] != '\n') {
                    stop++;
                }
                stop = stop < end ? stop + 1 : end; // up to and including the first newline
                int count = stop - position;
                System.arraycopy(chunk, position, buffer, off, count);
                position = stop;
                return count;
            }

            @Override
            public int available() {
                return 0; // no read-ahead past the line being read
            }
        };
    }

    McpJsonMapper mapper(McpJsonMapper json) {
        return new McpJsonMapper() {
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
                    changeUnanswered(1);
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
                    synchronized (lock) { // frames are written in the order they are serialised
                        serialised.add(value instanceof McpSchema.JSONRPCResponse);
                    }
                }
                return text;
            }

            @Override
            public byte[] writeValueAsBytes(Object value) throws IOException {
                return json.writeValueAsBytes(value);
            }
        };
    }

    /**
     * The client's output: a response counts as answered once its frame's newline has been written
     * and flushed, not when it was serialised (the session may close in between).
     */
    OutputStream output(OutputStream out) {
        return new FilterOutputStream(out) {
            private int unflushedFrames;

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                if (b == '\n') {
                    unflushedFrames++;
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\n') {
                        unflushedFrames++;
                    }
                }
            }

            @Override
            public void flush() throws IOException {
                out.flush();
                for (; unflushedFrames > 0; unflushedFrames--) {
                    Boolean response;
                    synchronized (lock) {
                        response = serialised.poll();
                    }
                    if (Boolean.TRUE.equals(response)) {
                        changeUnanswered(-1);
                    }
                }
            }
        };
    }

    private void changeUnanswered(int delta) {
        synchronized (lock) {
            unanswered = Math.max(0, unanswered + delta);
            lock.notifyAll();
        }
    }

    private int endOfInput() {
        long deadline = System.nanoTime() + boundNanos;
        synchronized (lock) {
            try {
                while (unanswered > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return -1;
    }
}
