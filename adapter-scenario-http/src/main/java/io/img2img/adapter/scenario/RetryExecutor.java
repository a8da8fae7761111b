package io.img2img.adapter.scenario;

import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.Clock;
import io.img2img.domain.result.ErrorCode;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Scenario call under a {@link RetryPolicy}: an attempt either answers, fails for good, or asks
 * to be retried ({@link Retryable}); retries stop at the policy's attempts or its total wait, whichever
 * comes first, and the last failure is what the caller gets.
 */
final class RetryExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(RetryExecutor.class);

    /** One attempt: its answer, a {@link BackendException} that ends the call, or {@link Retryable}. */
    interface Attempt<T> {
        T call() throws Retryable, BackendException;
    }

    /** The attempt failed in a way worth retrying; {@code failure} is reported if no retry is left. */
    static final class Retryable extends Exception {
        final transient BackendException failure;
        final transient Duration hint;

        Retryable(BackendException failure, Duration hint) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
            this.hint = hint;
        }
    }

    private final Clock clock;

    RetryExecutor(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    <T> T run(RetryPolicy policy, String what, Attempt<T> attempt) throws BackendException {
        long waited = 0;
        for (int n = 0; ; n++) {
            Retryable retry;
            try {
                return attempt.call();
            } catch (Retryable e) {
                retry = e;
            }
            Duration wait = policy.backoff(n, retry.hint);
            if (n + 1 >= policy.maxAttempts()
                    || waited + wait.toMillis() > policy.maxTotalWait().toMillis()) {
                throw retry.failure;
            }
            LOG.info("{}: {}; retrying in {} ms", what, retry.failure.getMessage(), wait.toMillis());
            waited += wait.toMillis();
            sleep(wait);
        }
    }

    private void sleep(Duration wait) throws BackendException {
        try {
            clock.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(ErrorCode.UPSTREAM_TIMEOUT, "interrupted while waiting to retry Scenario");
        }
    }
}
