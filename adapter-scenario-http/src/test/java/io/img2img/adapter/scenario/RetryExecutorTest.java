package io.img2img.adapter.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.img2img.application.port.out.BackendException;
import io.img2img.application.testkit.InstantClock;
import io.img2img.domain.result.ErrorCode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every Scenario call (reads, downloads, the POST) retries through this: attempts and total wait both bound it. */
class RetryExecutorTest {
    private static final RetryPolicy MANY_ATTEMPTS =
            new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(3));
    private final InstantClock clock = new InstantClock();
    private final RetryExecutor retries = new RetryExecutor(clock);

    private static RetryExecutor.Retryable unavailable(Duration hint) {
        return new RetryExecutor.Retryable(
                new BackendException(ErrorCode.UPSTREAM_FAILURE, "Scenario failed (HTTP 503)"), hint);
    }

    @Test
    void theTotalWaitEndsRetriesBeforeTheAttemptsDo() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retries.run(MANY_ATTEMPTS, "downloading", () -> {
                    attempts.incrementAndGet();
                    throw unavailable(Duration.ofSeconds(2));
                }))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("HTTP 503");
        assertThat(clock.sleeps)
                .as("a second 2 s wait would pass the 3 s total")
                .containsExactly(Duration.ofSeconds(2));
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aRetriedCallAnswersOnceItSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String answer = retries.run(MANY_ATTEMPTS, "reading", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw unavailable(null);
            }
            return "ok";
        });
        assertThat(answer).isEqualTo("ok");
        assertThat(clock.sleeps)
                .hasSize(2)
                .allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(50), Duration.ofMillis(100)));
    }

    @Test
    void aFailureThatIsNotRetryableEndsTheCallAtOnce() {
        assertThatThrownBy(() -> retries.run(MANY_ATTEMPTS, "posting", () -> {
                    throw new BackendException(ErrorCode.JOB_MAY_HAVE_STARTED, "the answer was lost");
                }))
                .hasMessageContaining("answer was lost");
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void anHttpDateRetryAfterIsReadAgainstTheClocksWallTime() {
        java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
        assertThat(RetryPolicy.retryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryPolicy.retryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now))
                .as("already past")
                .isZero();
        assertThat(RetryPolicy.retryAfter("7", now)).isEqualTo(Duration.ofSeconds(7));
    }
}
