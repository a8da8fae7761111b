package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.Acceptance.Outcome;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.NewJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC §6/§10: one key and one request are one job, on any process, within 24 h; never an evicted live key. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Engine.class)
class IdempotencyTest extends BothEngines {
    @Test
    void anAcceptedJobIsRecordedWithEverythingItWasGiven() {
        try (SqlJobLedger ledger = db.open()) {
            NewJob job = TestLedgers.queued(TestLedgers.SCENARIO);
            Acceptance accepted = ledger.accept(job);

            assertThat(accepted.outcome()).isEqualTo(Outcome.ACCEPTED);
            LedgerJob read = ledger.find(job.jobId()).orElseThrow();
            assertThat(read).isEqualTo(accepted.job());
            assertThat(read.backendIdentity()).isEqualTo(TestLedgers.SCENARIO);
            assertThat(read.state()).isEqualTo(JobState.QUEUED);
            assertThat(read.holder()).isNull();
            assertThat(read.version()).isEqualTo(1);
            assertThat(read.seed()).isEqualTo("42");
            assertThat(read.price()).isEqualTo(5.0);
            assertThat(read.costLimit()).isEqualTo(10.0);
            assertThat(read.request()).isEqualTo(TestLedgers.REQUEST);
            assertThat(read.createdAt()).isEqualTo(read.updatedAt()).isNotNull();
            assertThat(ledger.referenceImage(job.jobId())).get().isEqualTo(new byte[] {1, 2, 3});
        }
    }

    @Test
    void theSameKeyAndRequestGiveTheSameJobAndNoNewRow() throws Exception {
        try (SqlJobLedger ledger = db.open();
                var raw = db.raw()) {
            LedgerJob first = ledger.accept(TestLedgers.keyed("key-123", "fp-a", "holder-1"))
                    .job();
            ledger.markSubmitted(ledger.markSubmitting(first).orElseThrow(), "scenario-job-1", null);

            Acceptance again = ledger.accept(TestLedgers.keyed("key-123", "fp-a", "holder-2"));

            assertThat(again.outcome()).isEqualTo(Outcome.EXISTING);
            assertThat(again.job().jobId()).isEqualTo(first.jobId());
            assertThat(again.job().state()).isEqualTo(JobState.SUBMITTED);
            assertThat(raw.number("SELECT COUNT(*) FROM jobs")).isEqualTo(1);
        }
    }

    @Test
    void theSameKeyWithAnotherRequestIsAReuse() {
        try (SqlJobLedger ledger = db.open()) {
            ledger.accept(TestLedgers.keyed("key-123", "fp-a", "holder-1"));

            Acceptance other = ledger.accept(TestLedgers.keyed("key-123", "fp-b", "holder-1"));

            assertThat(other.outcome()).isEqualTo(Outcome.KEY_REUSED);
            assertThat(other.job()).isNull();
        }
    }

    @Test
    void whileClaimedOrSubmittingTheKeyIsInProgressWithARetryHint() {
        try (SqlJobLedger ledger = db.open()) {
            LedgerJob claimed =
                    ledger.accept(TestLedgers.keyed("key-1", "fp", "holder-1")).job();
            Acceptance whileClaimed = ledger.accept(TestLedgers.keyed("key-1", "fp", "holder-2"));
            assertThat(ledger.markSubmitting(claimed)).isPresent();
            Acceptance whileSubmitting = ledger.accept(TestLedgers.keyed("key-1", "fp", "holder-2"));

            for (Acceptance answer : List.of(whileClaimed, whileSubmitting)) {
                assertThat(answer.outcome()).isEqualTo(Outcome.IN_PROGRESS);
                assertThat(answer.job().jobId()).isEqualTo(claimed.jobId());
                assertThat(answer.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void anOutcomeUnknownJobAnswersItsOwnOutcome() {
        try (SqlJobLedger ledger = db.open()) {
            LedgerJob claimed =
                    ledger.accept(TestLedgers.keyed("key-1", "fp", "holder-1")).job();
            assertThat(ledger.markOutcomeUnknown(ledger.markSubmitting(claimed).orElseThrow(), "read timed out"))
                    .isPresent();

            Acceptance again = ledger.accept(TestLedgers.keyed("key-1", "fp", "holder-1"));

            assertThat(again.outcome()).isEqualTo(Outcome.OUTCOME_UNKNOWN);
            assertThat(again.job().errorCode()).isEqualTo(JobLedger.OUTCOME_UNKNOWN_CODE);
        }
    }

    @Test
    void aKeyNamesItsJobWhileItRunsAndANewJobOnce24HoursHavePassedSinceItEnded() throws Exception {
        try (SqlJobLedger ledger = db.open();
                var raw = db.raw()) {
            LedgerJob old =
                    ledger.accept(TestLedgers.keyed("key-1", "fp", "holder-1")).job();
            raw.update(
                    "UPDATE idempotency_keys SET created_at = created_at - ?",
                    Duration.ofHours(24).toMillis() + 1);
            raw.age(old.jobId(), Duration.ofHours(25));
            // still claimed a day later (F4): the key still names it, and nothing is sent again
            assertThat(ledger.accept(TestLedgers.keyed("key-1", "fp", "holder-1"))
                            .outcome())
                    .isEqualTo(Outcome.IN_PROGRESS);
            assertThat(ledger.finish(ledger.find(old.jobId()).orElseThrow(), JobEnd.failure("job-failed", "x")))
                    .isPresent();
            raw.age(old.jobId(), Duration.ofHours(25));

            Acceptance fresh = ledger.accept(TestLedgers.keyed("key-1", "other request", "holder-1"));

            assertThat(fresh.outcome()).isEqualTo(Outcome.ACCEPTED);
            assertThat(fresh.job().jobId()).isNotEqualTo(old.jobId());
            assertThat(raw.text("SELECT job_id FROM idempotency_keys WHERE idem_key = 'key-1'"))
                    .isEqualTo(fresh.job().jobId());
        }
    }

    @Test
    void pastTheMostLiveKeysAKeyedAcceptIsRefusedAndNoLiveKeyIsEvicted() throws Exception {
        try (SqlJobLedger ledger = db.open();
                var raw = db.raw()) {
            LedgerJob kept = ledger.accept(TestLedgers.keyed("key-kept", "fp", "holder-1"))
                    .job();
            raw.update(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                            + "INSERT INTO idempotency_keys (idem_key, fingerprint, job_id, created_at) "
                            + "SELECT 'filler-' || i, 'fp', ?, (SELECT created_at FROM jobs) FROM n",
                    JobLedger.MAX_LIVE_KEYS - 1,
                    kept.jobId());

            Acceptance full = ledger.accept(TestLedgers.keyed("key-new", "fp", "holder-1"));
            Acceptance unkeyed = ledger.accept(TestLedgers.claimed(TestLedgers.LOCAL, "holder-1"));

            assertThat(full.outcome()).isEqualTo(Outcome.KEYS_FULL);
            assertThat(full.retryAfter()).isPositive();
            assertThat(unkeyed.outcome()).isEqualTo(Outcome.ACCEPTED);
            assertThat(ledger.accept(TestLedgers.keyed("key-kept", "fp", "holder-1"))
                            .job()
                            .jobId())
                    .isEqualTo(kept.jobId());
            assertThat(raw.number("SELECT COUNT(*) FROM idempotency_keys")).isEqualTo(JobLedger.MAX_LIVE_KEYS);
        }
    }

    @Test
    void concurrentAcceptsWithOneKeyFromTwoLedgersOnOneFileMakeExactlyOneJob() throws Exception {
        int threads = 16;
        try (SqlJobLedger one = db.open();
                SqlJobLedger two = db.open();
                var raw = db.raw()) {
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Acceptance>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                SqlJobLedger ledger = i % 2 == 0 ? one : two;
                String holder = "holder-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return ledger.accept(TestLedgers.keyed("shared-key", "fp", holder));
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Acceptance> answer : answers) {
                outcomes.add(answer.get().outcome());
            }
            pool.shutdown();

            assertThat(outcomes).filteredOn(o -> o == Outcome.ACCEPTED).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o != Outcome.ACCEPTED).containsOnly(Outcome.IN_PROGRESS);
            assertThat(raw.number("SELECT COUNT(*) FROM jobs")).isEqualTo(1);
        }
    }
}
