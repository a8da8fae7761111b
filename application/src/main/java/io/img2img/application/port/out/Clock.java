package io.img2img.application.port.out;

import java.time.Duration;

/** Time as the waiting policy sees it; tests substitute one that advances without sleeping. */
public interface Clock {

    long millis();

    void sleep(Duration duration) throws InterruptedException;

    static Clock system() {
        return new Clock() {
            @Override
            public long millis() {
                return System.nanoTime() / 1_000_000;
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis());
            }
        };
    }
}
