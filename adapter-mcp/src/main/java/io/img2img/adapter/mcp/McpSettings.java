package io.img2img.adapter.mcp;

import java.time.Duration;
import java.util.Objects;

/**
 * What the MCP front end needs from the configuration (SPEC §7); the defaults live with the rest of the
 * configuration, in the bootstrap.
 *
 * @param waitBudget    how long a tool call waits for its job before answering in progress
 *                      ({@code IMG2IMG_WAIT_SECONDS}, 0 to {@link #MAX_WAIT_SECONDS})
 * @param inlineBytes   most base64 image bytes inlined in one result ({@code IMG2IMG_INLINE_BYTES})
 * @param maxFrameBytes the largest request: the stdio frame limit and the {@code /mcp} body limit
 *                      ({@code IMG2IMG_MAX_BODY_BYTES})
 * @param maxImageBytes the largest local file read for {@code image}: the largest image accepted
 * @param sessions      the bounds on sessions over HTTP
 */
public record McpSettings(
        Duration waitBudget, long inlineBytes, long maxFrameBytes, long maxImageBytes, McpSessionBounds sessions) {
    /** The longest a tool call may wait ({@code IMG2IMG_WAIT_SECONDS}'s upper bound) and its default. */
    public static final int MAX_WAIT_SECONDS = 300;

    public static final int DEFAULT_WAIT_SECONDS = 45;
    /** The smallest frame / body limit: below it not even a small request fits. */
    public static final int MIN_FRAME_BYTES = 1024;

    /** With the default session bounds. */
    public McpSettings(Duration waitBudget, long inlineBytes, long maxFrameBytes, long maxImageBytes) {
        this(waitBudget, inlineBytes, maxFrameBytes, maxImageBytes, McpSessionBounds.defaults());
    }

    public McpSettings {
        Objects.requireNonNull(waitBudget, "waitBudget");
        Objects.requireNonNull(sessions, "sessions");
        if (waitBudget.isNegative() || waitBudget.compareTo(Duration.ofSeconds(MAX_WAIT_SECONDS)) > 0) {
            throw new IllegalArgumentException(
                    "IMG2IMG_WAIT_SECONDS must be within [0, " + MAX_WAIT_SECONDS + "]; got " + waitBudget.toSeconds());
        }
        if (inlineBytes < 0) {
            throw new IllegalArgumentException("IMG2IMG_INLINE_BYTES must be >= 0; got " + inlineBytes);
        }
        if (maxFrameBytes < MIN_FRAME_BYTES) {
            throw new IllegalArgumentException(
                    "IMG2IMG_MAX_BODY_BYTES must be at least " + MIN_FRAME_BYTES + "; got " + maxFrameBytes);
        }
        if (maxImageBytes < 1) {
            throw new IllegalArgumentException("the largest local image must be at least 1 byte; got " + maxImageBytes);
        }
    }

    /** The stdio frame limit in characters: at least the body limit, and always room for the largest image as base64. */
    int stdioFrameLimit() {
        long largestImageFrame = (maxImageBytes + 2) / 3 * 4 + 64 * 1024;
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(maxFrameBytes, largestImageFrame));
    }

    int httpBodyLimit() {
        return (int) Math.min(Integer.MAX_VALUE - 16, maxFrameBytes);
    }
}
