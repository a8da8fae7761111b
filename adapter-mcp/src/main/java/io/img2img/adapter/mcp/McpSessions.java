package io.img2img.adapter.mcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The MCP sessions this server has opened over HTTP, with when each was last used: the count the cap
 * is checked against (a place is reserved while an {@code initialize} runs, so two at once cannot both
 * take the last one) and the sessions idle past the bound, to be closed.
 */
final class McpSessions {
    private final McpSessionBounds bounds;
    private final LongSupplier nanoTime;
    private final Map<String, Long> lastUsed = new HashMap<>();
    private int reserved;

    McpSessions(McpSessionBounds bounds, LongSupplier nanoTime) {
        this.bounds = bounds;
        this.nanoTime = nanoTime;
    }

    /** Takes a place for a session about to be opened; {@code false} when every place is taken. */
    synchronized boolean reserve() {
        if (lastUsed.size() + reserved >= bounds.maxSessions()) {
            return false;
        }
        reserved++;
        return true;
    }

    /** The reserved place becomes the session {@code id}, or is given back when none was opened ({@code null}). */
    synchronized void opened(String id) {
        reserved--;
        if (id != null) {
            lastUsed.put(id, nanoTime.getAsLong());
        }
    }

    /** A request of session {@code id} begins or ends. */
    synchronized void used(String id) {
        if (id != null) {
            lastUsed.computeIfPresent(id, (k, v) -> nanoTime.getAsLong());
        }
    }

    synchronized void closed(String id) {
        lastUsed.remove(id);
    }

    synchronized int open() {
        return lastUsed.size();
    }

    /** The sessions idle past the bound, forgotten here: the caller closes them. */
    synchronized List<String> takeIdle() {
        long now = nanoTime.getAsLong();
        long idle = bounds.idle().toNanos();
        List<String> expired = new ArrayList<>();
        lastUsed.entrySet().removeIf(e -> {
            boolean old = now - e.getValue() > idle;
            if (old) {
                expired.add(e.getKey());
            }
            return old;
        });
        return expired;
    }
}
