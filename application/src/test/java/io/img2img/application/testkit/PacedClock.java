package io.img2img.application.testkit;

import io.img2img.application.port.out.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test kit: virtual time for code that polls while other threads work. A sleep advances the clock by its full
 * duration at once but takes {@code realPause} of real time, so a polling schedule (0.5 s, then longer) costs
 * almost nothing while the work it waits for still gets the CPU. Budgets are virtual, hence may be generous.
 */
public final class PacedClock implements Clock {
    private final AtomicLong now = new AtomicLong();
    private final long realPauseMillis;

    public PacedClock(Duration realPause) {
        this.realPauseMillis = realPause.toMillis();
    }

    @Override
    public Instant now() {
        return Instant.EPOCH.plusNanos(now.get());
    }

    @Override
    public long nanos() {
        return now.get();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        now.addAndGet(duration.toNanos());
        Thread.sleep(realPauseMillis);
    }
}
