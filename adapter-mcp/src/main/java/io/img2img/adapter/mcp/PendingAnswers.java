package io.img2img.adapter.mcp;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Lets the stdio server answer every request it has read before it sees stdin end. The SDK's stdio
 * transport stops writing the moment its reader meets end of input, which would drop the answers to a
 * script's last requests ({@code img2img mcp < frames.jsonl}). Requests read and responses flushed are
 * counted ({@link RequestCountingMapper}, {@link AnswerCountingOutput}); stdin's end is held back
 * ({@link LineAtATimeInput}) until the two agree, or a bound passes.
 */
final class PendingAnswers {
    private final Object lock = new Object();
    private final long boundNanos;
    private final ArrayDeque<Boolean> serialised = new ArrayDeque<>();
    private int unanswered;

    /** @param bound the longest the end of input is held back (longer than any tool call's wait) */
    PendingAnswers(Duration bound) {
        this.boundNanos = bound.toNanos();
    }

    void requestRead() {
        changeUnanswered(1);
    }

    /** A message was serialised; frames are written in the order they are serialised. */
    void serialised(boolean response) {
        synchronized (lock) {
            serialised.add(response);
        }
    }

    /** The next serialised frame has been written and flushed. */
    void frameFlushed() {
        Boolean response;
        synchronized (lock) {
            response = serialised.poll();
        }
        if (Boolean.TRUE.equals(response)) {
            changeUnanswered(-1);
        }
    }

    private void changeUnanswered(int delta) {
        synchronized (lock) {
            unanswered = Math.max(0, unanswered + delta);
            lock.notifyAll();
        }
    }

    /** Returns once every request read has been answered, or the bound has passed. */
    void awaitAllAnswered() {
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
    }
}
