package io.img2img.adapter.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.FilterInputStream;
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

    /** @param bound the longest the end of input is held back (longer than any tool call's wait) */
    AnsweringBeforeEof(Duration bound) {
        this.boundNanos = bound.toNanos();
    }

    InputStream input(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                return b < 0 ? endOfInput() : b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                return n < 0 ? endOfInput() : n;
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
                if (value instanceof McpSchema.JSONRPCResponse) {
                    changeUnanswered(-1);
                }
                return text;
            }

            @Override
            public byte[] writeValueAsBytes(Object value) throws IOException {
                return json.writeValueAsBytes(value);
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
