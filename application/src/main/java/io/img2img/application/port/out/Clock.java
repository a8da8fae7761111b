package io.img2img.application.port.out;

import java.time.Duration;
import java.time.Instant;

/** Time as the application and its adapters see it; tests substitute one that advances without sleeping. */
public interface Clock {

    /** The wall-clock time, for dates other machines state (an HTTP-date Retry-After). */
    Instant now();

    /** A monotonic time in nanoseconds (only differences matter). */
    long nanos();

    void sleep(Duration duration) throws InterruptedException;

    static Clock system() {
        return new Clock() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public long nanos() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            }
        };
    }
}
