package io.img2img.adapter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedReadTest {
    @Test
    void aHungReadAnswersTheFallbackAndNoSecondReadStartsWhileItHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        BoundedRead<String> read = new BoundedRead<>("test-read", () -> {
            started.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "fresh";
        });

        assertThat(read.get("fallback")).isEqualTo("fallback");
        assertThat(read.get("fallback")).isEqualTo("fallback");
        assertThat(started).as("the second scrape waits on the read in flight").hasValue(1);

        release.countDown();
        // the next scrape gets the released read's answer, or a new read's if that one had already ended
        assertThat(read.get("fallback")).isEqualTo("fresh");
    }

    @Test
    void aFailedReadAnswersTheFallback() {
        BoundedRead<Integer> read = new BoundedRead<>("test-read", () -> {
            throw new IllegalStateException("the ledger is unavailable");
        });
        assertThat(read.get(-1)).isEqualTo(-1);
    }
}
