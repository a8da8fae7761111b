package io.img2img.adapter.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Wrong tokens, counted per remote address in a fixed window: past {@link #MAX_FAILURES} in one window the address
 * gets 429 until the window ends, without its tokens being looked at. Nothing waits (no thread is held per
 * guesser), other addresses are not affected, and the table is bounded: an address it has no room for is simply
 * not counted.
 */
public final class FailedTokens {
    public static final int MAX_FAILURES = 20;
    public static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 10_000;

    private record Window(long startNanos, int failures) {}

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    FailedTokens() {
        this(System::nanoTime);
    }

    FailedTokens(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** How long this address must wait before its next try ({@code null}: it may try now). */
    Duration blockedFor(String address) {
        Window w = windows.get(address);
        long now = nanoTime.getAsLong();
        if (w == null || now - w.startNanos >= WINDOW.toNanos()) {
            return null;
        }
        return w.failures >= MAX_FAILURES ? Duration.ofNanos(WINDOW.toNanos() - (now - w.startNanos)) : null;
    }

    void failed(String address) {
        long now = nanoTime.getAsLong();
        if (windows.size() >= MAX_ADDRESSES && !windows.containsKey(address)) {
            windows.values().removeIf(w -> now - w.startNanos >= WINDOW.toNanos());
            if (windows.size() >= MAX_ADDRESSES) {
                return;
            }
        }
        windows.merge(
                address,
                new Window(now, 1),
                (old, one) ->
                        now - old.startNanos >= WINDOW.toNanos() ? one : new Window(old.startNanos, old.failures + 1));
    }
}
