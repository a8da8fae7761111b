package io.img2img.application.testkit;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Test kit: the one way tests wait for state another thread or process produces. It polls the state
 * (a few milliseconds apart) until it is as expected or the timeout passes, and returns what it last
 * saw, for the caller's assertion to report.
 */
public final class Await {
    private Await() {}

    /** A read of the observed state; may throw (reading a file, a closed stream). */
    public interface State<T> {
        T read() throws Exception;
    }

    public static <T> T until(State<T> state, Predicate<T> expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen = state.read();
            if (expected.test(seen) || System.nanoTime() - deadline > 0) {
                return seen;
            }
            Thread.sleep(5);
        }
    }
}
