package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.Acceptance.Outcome;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.port.out.SweepResult;
import io.img2img.application.testkit.Await;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What only PostgreSQL has: a server that may be down or refuse the password, and writers side by side from many
 * nodes. The SQLite equivalents (file permissions, a full file, a lock past the busy timeout) are in
 * {@link SqliteFileTest}.
 */
class PostgresLedgerTest extends OnPostgres {
    private static final String SECRET = "s3cret-never-shown";

    @Test
    void aServerThatIsDownMakesTheLedgerUnavailableNamingHostAndDatabaseButNeverThePassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/img2img?ApplicationName=x";
        LedgerSettings settings = new LedgerSettings(url, 30, Duration.ofMillis(500)).withCredentials("bob", SECRET);
        try (SqlJobLedger ledger = new SqlJobLedger(settings)) {
            assertThatThrownBy(() -> ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)))
                    .isInstanceOf(LedgerUnavailableException.class)
                    .hasMessageStartingWith("the job ledger jdbc:postgresql://127.0.0.1:" + closedPort
                            + "/img2img is unavailable: the database server refused the connection")
                    .hasMessageNotContaining(SECRET);
            assertThatThrownBy(ledger::changeCount)
                    .as("tried again on the next use, not remembered")
                    .isInstanceOf(LedgerUnavailableException.class);
        }
        assertThat(settings.toString()).doesNotContain(SECRET);
    }

    @Test
    void aWrongPasswordIsNamedAsSuchWithoutRepeatingIt() {
        LedgerSettings settings =
                new LedgerSettings(db.url(), 30, Duration.ofMillis(500)).withCredentials(db.server.user(), SECRET);
        try (SqlJobLedger ledger = new SqlJobLedger(settings)) {
            assertThatThrownBy(ledger::changeCount)
                    .isInstanceOf(LedgerUnavailableException.class)
                    .hasMessage("the job ledger " + db.name() + " is unavailable: the database refused the user or "
                            + "password (IMG2IMG_DATABASE_USER, IMG2IMG_DATABASE_PASSWORD)")
                    .hasMessageNotContaining(SECRET);
        }
    }

    @Test
    void manyThreadsOnTwoNodesClaimEveryQueuedJobExactlyOnceOldestFirst() throws Exception {
        int jobs = 40;
        int threads = 8;
        try (SqlJobLedger one = db.open();
                SqlJobLedger two = db.open()) {
            List<String> queued = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                queued.add(
                        one.accept(TestLedgers.queued(TestLedgers.LOCAL)).job().jobId());
            }
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<String>>> claimers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SqlJobLedger node = t % 2 == 0 ? one : two;
                String holder = "holder-" + t;
                claimers.add(pool.submit(() -> {
                    start.await();
                    List<String> mine = new ArrayList<>();
                    for (Optional<LedgerJob> claim = node.claimOldestQueued(TestLedgers.LOCAL, holder);
                            claim.isPresent();
                            claim = node.claimOldestQueued(TestLedgers.LOCAL, holder)) {
                        mine.add(claim.get().jobId());
                    }
                    return mine;
                }));
            }
            List<String> claimed = new ArrayList<>();
            for (Future<List<String>> claimer : claimers) {
                List<String> mine = claimer.get();
                assertThat(mine)
                        .as("one claimer takes jobs oldest first")
                        .isSortedAccordingTo((a, b) -> Integer.compare(queued.indexOf(a), queued.indexOf(b)));
                claimed.addAll(mine);
            }
            pool.shutdown();

            assertThat(claimed).hasSize(jobs).doesNotHaveDuplicates();
            assertThat(new HashSet<>(claimed)).isEqualTo(new HashSet<>(queued));
            assertThat(one.queuedCount(TestLedgers.LOCAL)).isZero();
        }
    }

    @Test
    void oneKeyAcceptedAtOnceByManyThreadsOnTwoNodesMakesOneJobAndTheQueueLimitHolds() throws Exception {
        int threads = 12;
        try (SqlJobLedger one = db.open();
                SqlJobLedger two = db.open();
                var raw = db.raw()) {
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Acceptance>> keyed = new ArrayList<>();
            List<Future<Acceptance>> queued = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                SqlJobLedger node = i % 2 == 0 ? one : two;
                String holder = "holder-" + i;
                keyed.add(pool.submit(() -> {
                    start.await();
                    return node.accept(TestLedgers.keyed("shared-key", "fp", holder));
                }));
            }
            for (int i = 0; i < threads; i++) {
                SqlJobLedger node = i % 2 == 0 ? one : two;
                queued.add(pool.submit(() -> node.accept(limited(TestLedgers.queued(TestLedgers.SCENARIO), 5))));
            }
            List<Outcome> keyOutcomes = new ArrayList<>();
            for (Future<Acceptance> answer : keyed) {
                keyOutcomes.add(answer.get().outcome());
            }
            Set<Outcome> queueOutcomes = new HashSet<>();
            int accepted = 0;
            for (Future<Acceptance> answer : queued) {
                Outcome outcome = answer.get().outcome();
                queueOutcomes.add(outcome);
                accepted += outcome == Outcome.ACCEPTED ? 1 : 0;
            }
            pool.shutdown();

            assertThat(keyOutcomes).filteredOn(o -> o == Outcome.ACCEPTED).hasSize(1);
            assertThat(keyOutcomes).filteredOn(o -> o != Outcome.ACCEPTED).containsOnly(Outcome.IN_PROGRESS);
            assertThat(raw.number("SELECT COUNT(*) FROM jobs WHERE idempotency_key = 'shared-key'"))
                    .isEqualTo(1);
            assertThat(accepted)
                    .as("the queue limit of 5 holds under concurrent accepts")
                    .isEqualTo(5);
            assertThat(queueOutcomes).containsExactlyInAnyOrder(Outcome.ACCEPTED, Outcome.QUEUE_FULL);
        }
    }

    @Test
    void twoNodesSweepingTheSameExpiredRunsAtOnceRequeueEachOnce() throws Exception {
        int jobs = 20;
        try (SqlJobLedger one = db.open();
                SqlJobLedger two = db.open();
                var raw = db.raw();
                var holder = db.raw();
                var watcher = db.raw()) {
            for (int i = 0; i < jobs; i++) {
                one.accept(TestLedgers.queued(TestLedgers.LOCAL));
                assertThat(one.markRunning(one.claimOldestQueued(TestLedgers.LOCAL, "dead-node")
                                .orElseThrow()))
                        .isPresent();
            }
            two.changeCount();
            raw.update(
                    "UPDATE jobs SET lease_until = lease_until - ?",
                    Duration.ofHours(1).toMillis());
            // another transaction holds the rows, so both sweeps find them expired and then wait on the same rows
            holder.connection.setAutoCommit(false);
            holder.number("SELECT COUNT(*) FROM (SELECT job_id FROM jobs FOR UPDATE) locked");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<SweepResult>> sweeps = new ArrayList<>();
            for (SqlJobLedger node : List.of(one, two)) {
                sweeps.add(pool.submit(node::sweepExpiredLeases));
            }
            assertThat(Await.until(
                            () -> watcher.number("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
                                    + "current_database() AND wait_event_type = 'Lock'"),
                            n -> n == 2,
                            Duration.ofSeconds(20)))
                    .isEqualTo(2);
            holder.connection.commit();
            int requeued = 0;
            for (Future<SweepResult> sweep : sweeps) {
                requeued += sweep.get().requeued();
            }
            pool.shutdown();

            assertThat(requeued).isEqualTo(jobs);
            assertThat(one.queuedCount(TestLedgers.LOCAL)).isEqualTo(jobs);
            // each job was moved once (the sum above); every move to the head of the queue moved those behind it,
            // so versions differ per job (queue positions are part of a job's status), but none is held any more
            assertThat(raw.number("SELECT COUNT(*) FROM jobs WHERE state <> 'queued' OR holder IS NOT NULL "
                            + "OR runs <> 1"))
                    .isZero();
        }
    }

    @Test
    void aCancelRacingTheMoveToSubmittingDecidesOnTheCommittedStateNeverCancelingSentWork() throws Exception {
        try (SqlJobLedger ledger = db.open();
                var holder = db.raw();
                var watcher = db.raw()) {
            LedgerJob claimed = ledger.accept(TestLedgers.claimed(TestLedgers.SCENARIO, "holder-1"))
                    .job();
            // the holder's move to submitting is under way (not committed) when the cancel arrives
            holder.connection.setAutoCommit(false);
            holder.update(
                    "UPDATE jobs SET state = 'submitting', version = version + 1 WHERE job_id = ?", claimed.jobId());
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<CancelOutcome> cancel = pool.submit(() -> ledger.cancel(claimed.jobId()));
            assertThat(Await.until(
                            () -> watcher.number("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
                                    + "current_database() AND wait_event_type = 'Lock'"),
                            n -> n == 1,
                            Duration.ofSeconds(20)))
                    .isEqualTo(1);
            holder.connection.commit();

            assertThat(cancel.get().kind()).isEqualTo(CancelOutcome.Kind.NOT_CANCELLABLE);
            assertThat(ledger.find(claimed.jobId()).orElseThrow().state()).isEqualTo(JobState.SUBMITTING);
            pool.shutdown();
        }
    }

    private static NewJob limited(NewJob job, int limit) {
        return new NewJob(
                job.jobId(),
                job.backendIdentity(),
                job.state(),
                job.holder(),
                job.seed(),
                job.price(),
                job.costLimit(),
                job.request(),
                job.referenceImage(),
                job.idempotencyKey(),
                job.fingerprint(),
                limit);
    }
}
