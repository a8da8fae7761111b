package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.testkit.Await;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10 "Waiting is pushed": a change committed through one node wakes the listeners of another at once
 * (LISTEN/NOTIFY on a connection of its own), and a listening connection the server cut is made again, followed by
 * a "something may have changed" so callers read the ledger afresh.
 */
class PostgresChangesTest extends OnPostgres {
    private static final String LISTENER = "SELECT %s FROM pg_stat_activity WHERE datname = current_database() "
            + "AND application_name = '" + ChangeListener.APPLICATION_NAME + "' AND query LIKE 'LISTEN %%'";

    @Test
    void aWriteThroughOneNodeWakesAListenerOnAnotherWithinMilliseconds() throws Exception {
        try (SqlJobLedger a = db.open();
                SqlJobLedger b = db.open();
                var raw = db.raw()) {
            BlockingQueue<Long> wakes = new LinkedBlockingQueue<>();
            b.onChange(() -> wakes.add(System.nanoTime()));
            awaitListening(raw);
            a.changeCount(); // A's pool open and the schema migrated: the write below is a write only

            long before = System.nanoTime();
            a.accept(TestLedgers.queued(TestLedgers.LOCAL));
            Long woke = wakes.poll(5, TimeUnit.SECONDS);

            assertThat(woke).as("B woke").isNotNull();
            long millis = TimeUnit.NANOSECONDS.toMillis(woke - before);
            System.err.println("a write through A woke B's listener " + millis + " ms after the write began");
            assertThat(millis).isLessThan(500);
            a.heartbeat("nobody", java.util.List.of("job_nobodyHoldsThis000000"));
            assertThat(wakes.poll(300, TimeUnit.MILLISECONDS))
                    .as("a heartbeat changes no job: nothing announced")
                    .isNull();
        }
    }

    @Test
    void afterTheServerTerminatesTheListeningBackendTheListenerReconnectsAndStillWakes() throws Exception {
        try (SqlJobLedger a = db.open();
                SqlJobLedger b = db.open();
                var raw = db.raw()) {
            BlockingQueue<Long> wakes = new LinkedBlockingQueue<>();
            b.onChange(() -> wakes.add(System.nanoTime()));
            awaitListening(raw);
            String firstBackend = raw.text(String.format(LISTENER, "CAST(pid AS TEXT)"));

            assertThat(raw.text(String.format(LISTENER, "CAST(pg_terminate_backend(pid) AS TEXT)")))
                    .isEqualTo("true");

            assertThat(wakes.poll(10, TimeUnit.SECONDS))
                    .as("after listening again: something may have changed")
                    .isNotNull();
            assertThat(raw.text(String.format(LISTENER, "CAST(pid AS TEXT)")))
                    .isNotNull()
                    .isNotEqualTo(firstBackend);
            a.accept(TestLedgers.queued(TestLedgers.LOCAL));
            assertThat(wakes.poll(5, TimeUnit.SECONDS))
                    .as("a write after the reconnect wakes B")
                    .isNotNull();
        }
    }

    /** Until B's listener connection has run its LISTEN (seen from the server's side). */
    private static void awaitListening(TestLedgers.Raw raw) throws Exception {
        assertThat(Await.until(
                        () -> raw.number(String.format(LISTENER, "COUNT(*)")), n -> n == 1, Duration.ofSeconds(10)))
                .isEqualTo(1);
    }
}
