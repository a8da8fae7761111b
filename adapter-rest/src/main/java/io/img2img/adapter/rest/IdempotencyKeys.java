package io.img2img.adapter.rest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What each {@code Idempotency-Key} led to, so that a client retrying after a timeout gets its job
 * back instead of a second, billed one. Keys live 24 h, at most {@code capacity} of them (never evicted
 * before then: past the bound new keys are refused); a key is
 * reserved before the job starts, so concurrent duplicates wait for the first.
 */
final class IdempotencyKeys {
    static final Duration LIFETIME = Duration.ofHours(24);

    /** The outcome of the first request with a key: a job to follow, or a final answer to replay. */
    static final class Entry {
        final String fingerprint;
        final long createdNanos;
        private final CountDownLatch settled = new CountDownLatch(1);
        private volatile String jobId;
        private volatile Answer answer;

        Entry(String fingerprint, long createdNanos) {
            this.fingerprint = fingerprint;
            this.createdNanos = createdNanos;
        }

        void settle(String jobId, Answer answer) {
            this.jobId = jobId;
            this.answer = answer;
            settled.countDown();
        }

        boolean awaitSettled(Duration wait) throws InterruptedException {
            return settled.await(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        }

        String jobId() {
            return jobId;
        }

        Answer answer() {
            return answer;
        }
    }

    /** A status and body to send again as they were. */
    record Answer(int status, String contentType, String body, Map<String, String> headers) {
    }

    private final int capacity;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    IdempotencyKeys(int capacity) {
        this.capacity = capacity;
    }

    /** Every key is live: a new one can be taken after {@code retryAfter}, when the oldest expires. */
    static final class Full extends Exception {
        final transient Duration retryAfter;

        Full(Duration retryAfter) {
            super("idempotency keys full", null, false, false);
            this.retryAfter = retryAfter;
        }
    }

    /** The existing entry for the key, or {@code null} after reserving it for this caller. */
    synchronized Entry reserveOrGet(String key, String fingerprint, long nowNanos) throws Full {
        entries.values().removeIf(e -> nowNanos - e.createdNanos > LIFETIME.toNanos());
        Entry existing = entries.get(key);
        if (existing != null) {
            return existing;
        }
        if (entries.size() >= capacity) {
            // a live key is never evicted: it is refused until the oldest key expires
            Entry oldest = entries.values().iterator().next();
            throw new Full(LIFETIME.minusNanos(nowNanos - oldest.createdNanos));
        }
        entries.put(key, new Entry(fingerprint, nowNanos));
        return null;
    }

    synchronized Entry get(String key) {
        return entries.get(key);
    }

    synchronized void forget(String key) {
        entries.remove(key);
    }
}
