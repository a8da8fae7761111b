package io.img2img.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailedTokensTest {
    @Test
    void failedTokensAreCountedInAWindowAndTheTableIsBounded() {
        long[] now = {0};
        FailedTokens failures = new FailedTokens(() -> now[0]);
        for (int i = 0; i < FailedTokens.MAX_FAILURES; i++) {
            assertThat(failures.blockedFor("a")).isNull();
            failures.failed("a");
        }
        assertThat(failures.blockedFor("a")).isEqualTo(FailedTokens.WINDOW);
        assertThat(failures.blockedFor("b")).isNull();
        now[0] = FailedTokens.WINDOW.toNanos();
        assertThat(failures.blockedFor("a")).as("a new window").isNull();
        for (int i = 0; i < FailedTokens.MAX_ADDRESSES + 10; i++) {
            failures.failed("x" + i); // an address past the bound is not counted: nobody else is blocked for it
        }
        assertThat(failures.blockedFor("x" + (FailedTokens.MAX_ADDRESSES + 5))).isNull();
    }
}
