package io.img2img.adapter.rest;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC §6: a live key is never evicted; past the bound a new key is refused until the oldest expires. */
class IdempotencyKeysTest {
    private static final long HOUR = Duration.ofHours(1).toNanos();

    @Test
    void pastTheBoundNewKeysAreRefusedUntilTheOldestExpiresAndLiveKeysStay() throws Exception {
        IdempotencyKeys keys = new IdempotencyKeys(2);
        assertThat(keys.reserveOrGet("a", "fa", 0)).isNull();
        assertThat(keys.reserveOrGet("b", "fb", 3 * HOUR)).isNull();
        assertThatThrownBy(() -> keys.reserveOrGet("c", "fc", 4 * HOUR))
                .isInstanceOfSatisfying(IdempotencyKeys.Full.class,
                        full -> assertThat(full.retryAfter).isEqualTo(Duration.ofHours(20)));
        assertThat(keys.reserveOrGet("a", "fa", 4 * HOUR)).as("a live key is still there").isNotNull();
        assertThat(keys.reserveOrGet("c", "fc", 24 * HOUR + 1)).as("once the oldest expired").isNull();
        assertThat(keys.get("a")).isNull();
        assertThat(keys.get("b")).isNotNull();
    }
}
