package io.img2img.application.testkit;

import io.img2img.application.port.out.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Test kit: a clock that advances by exactly what is slept, at once, and remembers every sleep. */
public final class InstantClock implements Clock {
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);

    /** Wall-clock time that moves with the sleeps, from a fixed start. */
    @Override
    public Instant now() {
        return Instant.parse("2026-01-01T00:00:00Z").plusNanos(now.get());
    }

    @Override
    public long nanos() {
        return now.get();
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        now.addAndGet(duration.toNanos());
    }

    public List<Double> sleptSeconds() {
        return sleeps.stream().map(d -> d.toNanos() / 1e9).toList();
    }
}
