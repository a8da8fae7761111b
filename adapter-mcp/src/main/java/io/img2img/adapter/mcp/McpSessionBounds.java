package io.img2img.adapter.mcp;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds on MCP sessions over HTTP (SPEC §5): each session keeps what its client sent in
 * {@code initialize} until it ends, so their number, their idle life and that message's size are bounded.
 *
 * @param maxSessions         sessions open at once ({@code IMG2IMG_MAX_MCP_SESSIONS}); past it a new
 *                            {@code initialize} is answered 503 with {@code Retry-After}
 * @param idle                how long a session may go without a request before it is closed
 *                            ({@code IMG2IMG_MCP_SESSION_IDLE_MINUTES}); its id then answers 404
 * @param maxInitializeBytes  the largest {@code initialize} request (any POST without a session id)
 */
public record McpSessionBounds(int maxSessions, Duration idle, int maxInitializeBytes) {
    public static final int DEFAULT_MAX_SESSIONS = 256;
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);
    public static final int DEFAULT_MAX_INITIALIZE_BYTES = 64 * 1024;

    public McpSessionBounds {
        Objects.requireNonNull(idle, "idle");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("IMG2IMG_MAX_MCP_SESSIONS must be at least 1; got " + maxSessions);
        }
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException(
                    "IMG2IMG_MCP_SESSION_IDLE_MINUTES must be at least 1; got " + idle.toMinutes());
        }
        if (maxInitializeBytes < 1024) {
            throw new IllegalArgumentException(
                    "the largest initialize must be at least 1024 bytes; got " + maxInitializeBytes);
        }
    }

    public static McpSessionBounds defaults() {
        return new McpSessionBounds(DEFAULT_MAX_SESSIONS, DEFAULT_IDLE, DEFAULT_MAX_INITIALIZE_BYTES);
    }
}
