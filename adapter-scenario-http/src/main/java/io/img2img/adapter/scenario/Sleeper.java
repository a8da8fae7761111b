package io.img2img.adapter.scenario;

import java.time.Duration;

/** Waiting between retries; tests record the waits instead of sleeping. */
interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
