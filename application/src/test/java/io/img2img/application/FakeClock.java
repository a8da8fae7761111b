package io.img2img.application;

import io.img2img.application.port.out.Clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Advances by exactly what is slept, instantly, and remembers every sleep. */
final class FakeClock implements Clock {
    final List<Duration> sleeps = new ArrayList<>();
    private long now = 1_000_000;

    @Override
    public synchronized long nanos() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now += duration.toNanos();
    }

    List<Double> sleptSeconds() {
        return sleeps.stream().map(d -> d.toNanos() / 1e9).toList();
    }
}
