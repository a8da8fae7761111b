package io.img2img.application.job;

import io.img2img.application.port.out.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that advances at once for its first {@code free} sleeps, then holds every further sleep until
 * {@link #release()}: a job followed on it stays under way, observably, until the test lets it go.
 */
final class HeldClock implements Clock {
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicLong now = new AtomicLong();
    private final int free;

    HeldClock(int free) {
        this.free = free;
    }

    void release() {
        released.countDown();
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
        if (sleeps.size() >= free) {
            holding.countDown();
            if (!released.await(10, TimeUnit.SECONDS)) {
                throw new InterruptedException("never released");
            }
        }
        sleeps.add(duration);
        now.addAndGet(duration.toNanos());
    }
}
