package io.img2img.application.port.out;

import java.time.Duration;

/** Time as the waiting policy sees it; tests substitute one that advances without sleeping. */
public interface Clock {

    /** A monotonic time in nanoseconds (only differences matter). */
    long nanos();

    void sleep(Duration duration) throws InterruptedException;

    static Clock system() {
        return new Clock() {
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
