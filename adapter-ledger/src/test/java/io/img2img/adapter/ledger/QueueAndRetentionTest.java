package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobPage;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.port.out.PruneResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC §10 "The queue" and "Retention", and §6's job list and DELETE. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Engine.class)
class QueueAndRetentionTest extends BothEngines {
    @Test
    void queuePositionsCountOnlyQueuedJobsOfTheSameIdentity() {
        try (SqlJobLedger ledger = db.open()) {
            String first =
                    ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)).job().jobId();
            ledger.accept(TestLedgers.queued(TestLedgers.SCENARIO));
            String second =
                    ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)).job().jobId();

            assertThat(ledger.queuePosition(first)).hasValue(1);
            assertThat(ledger.queuePosition(second)).hasValue(2);
            ledger.claimOldestQueued(TestLedgers.LOCAL, "holder-1");
            assertThat(ledger.queuePosition(first)).isEmpty();
            assertThat(ledger.queuePosition(second)).hasValue(1);
            assertThat(ledger.queuePosition("no-such-job")).isEmpty();
        }
    }

    @Test
    void aCanceledQueuedJobIsNeverClaimed() {
        try (SqlJobLedger ledger = db.open()) {
            String jobId = ledger.accept(TestLedgers.queued(TestLedgers.SCENARIO))
                    .job()
                    .jobId();

            CancelOutcome canceled = ledger.cancel(jobId);

            assertThat(canceled.kind()).isEqualTo(CancelOutcome.Kind.CANCELED);
            assertThat(canceled.job().state()).isEqualTo(JobState.CANCELED);
            assertThat(canceled.job().errorCode()).isEqualTo(JobLedger.CANCELED_CODE);
            assertThat(ledger.referenceImage(jobId)).isEmpty();
            assertThat(ledger.claimOldestQueued(TestLedgers.SCENARIO, "holder-1"))
                    .isEmpty();
            assertThat(ledger.cancel(jobId).kind()).isEqualTo(CancelOutcome.Kind.ALREADY_FINISHED);
        }
    }

    @Test
    void aRunningLocalJobIsCanceledAndItsHolderCanNoLongerWriteButSentWorkIsNotCancellable() {
        try (SqlJobLedger ledger = db.open()) {
            LedgerJob running = ledger.markRunning(ledger.accept(TestLedgers.claimed(TestLedgers.LOCAL, "h"))
                            .job())
                    .orElseThrow();
            LedgerJob submitting = ledger.markSubmitting(ledger.accept(TestLedgers.claimed(TestLedgers.SCENARIO, "h"))
                            .job())
                    .orElseThrow();

            assertThat(ledger.cancel(running.jobId()).kind()).isEqualTo(CancelOutcome.Kind.CANCELED);
            assertThat(ledger.recordProgress(running, 0.5, List.of())).isEmpty();
            assertThat(ledger.cancel(submitting.jobId()).kind()).isEqualTo(CancelOutcome.Kind.NOT_CANCELLABLE);
            assertThat(ledger.find(submitting.jobId())).contains(submitting);
            assertThat(ledger.cancel("no-such-job").kind()).isEqualTo(CancelOutcome.Kind.UNKNOWN);
        }
    }

    @Test
    void theListIsNewestFirstPageByPageWithAnOpaqueCursor() {
        try (SqlJobLedger ledger = db.open()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(
                        0,
                        ledger.accept(TestLedgers.queued(TestLedgers.LOCAL))
                                .job()
                                .jobId());
            }

            JobPage first = ledger.list(2, null);
            JobPage second = ledger.list(2, first.before());
            JobPage last = ledger.list(2, second.before());

            assertThat(first.jobs()).extracting(LedgerJob::jobId).containsExactly(ids.get(0), ids.get(1));
            assertThat(second.jobs()).extracting(LedgerJob::jobId).containsExactly(ids.get(2), ids.get(3));
            assertThat(last.jobs()).extracting(LedgerJob::jobId).containsExactly(ids.get(4));
            assertThat(last.before()).isNull();
            assertThat(ledger.list(100, null).jobs()).hasSize(5);
            assertThatThrownBy(() -> ledger.list(101, null)).hasMessageContaining("limit");
            assertThatThrownBy(() -> ledger.list(0, null)).hasMessageContaining("limit");
            assertThatThrownBy(() -> ledger.list(2, "not-a-cursor")).hasMessageContaining("before");
        }
    }

    @Test
    void finishedJobsPastTheirRetentionArePrunedInBoundedBatchesLeavingATombstone() throws Exception {
        try (SqlJobLedger ledger = db.open();
                var raw = db.raw()) {
            List<String> old = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                LedgerJob done = ledger.finish(
                                ledger.accept(TestLedgers.claimed(TestLedgers.LOCAL, "h"))
                                        .job(),
                                JobEnd.failure("job-failed", "x"))
                        .orElseThrow();
                raw.age(done.jobId(), Duration.ofDays(31));
                old.add(done.jobId());
            }
            LedgerJob recent = ledger.finish(
                            ledger.markRunning(ledger.accept(TestLedgers.claimed(TestLedgers.LOCAL, "h"))
                                            .job())
                                    .orElseThrow(),
                            JobEnd.success(List.of()))
                    .orElseThrow();
            LedgerJob oldButQueued =
                    ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)).job();
            raw.age(oldButQueued.jobId(), Duration.ofDays(31));
            // a key is pruned 24 h after its job ended, never while the job runs (F4)
            LedgerJob keyedJob =
                    ledger.accept(TestLedgers.keyed("old-key", "fp", "h")).job();
            assertThat(ledger.finish(keyedJob, JobEnd.failure("job-failed", "x")))
                    .isPresent();
            raw.age(keyedJob.jobId(), Duration.ofHours(25));

            assertThat(ledger.prune(30, 2)).isEqualTo(new PruneResult(2, 1));
            assertThat(ledger.prune(30, 2)).isEqualTo(new PruneResult(1, 0));
            assertThat(ledger.prune(30, 2)).isEqualTo(new PruneResult(0, 0));

            for (String pruned : old) {
                assertThat(ledger.find(pruned)).isEmpty();
                assertThat(ledger.wasPruned(pruned)).isTrue();
                assertThat(ledger.cancel(pruned).kind()).isEqualTo(CancelOutcome.Kind.PRUNED);
            }
            assertThat(ledger.wasPruned("never-seen")).isFalse();
            assertThat(ledger.find(recent.jobId())).isPresent();
            assertThat(ledger.find(oldButQueued.jobId()))
                    .as("only finished jobs are pruned")
                    .isPresent();
        }
    }

    @Test
    void pastItsQueueLimitAnIdentityQueuesNothingMoreButOthersStillQueue() {
        try (SqlJobLedger ledger = db.open()) {
            for (int i = 0; i < 2; i++) {
                ledger.accept(withQueueLimit(TestLedgers.queued(TestLedgers.LOCAL), 2));
            }

            Acceptance full = ledger.accept(withQueueLimit(TestLedgers.queued(TestLedgers.LOCAL), 2));

            assertThat(full.outcome()).isEqualTo(Acceptance.Outcome.QUEUE_FULL);
            assertThat(full.retryAfter()).isPositive();
            assertThat(ledger.queuedCount(TestLedgers.LOCAL)).isEqualTo(2);
            assertThat(ledger.accept(withQueueLimit(TestLedgers.queued(TestLedgers.SCENARIO), 2))
                            .outcome())
                    .isEqualTo(Acceptance.Outcome.ACCEPTED);
            assertThat(ledger.accept(TestLedgers.claimed(TestLedgers.LOCAL, "h"))
                            .outcome())
                    .as("a job a process runs at once takes no queue place")
                    .isEqualTo(Acceptance.Outcome.ACCEPTED);
        }
    }

    /** Fair share (SPEC §6): one client's queued jobs are counted with the queue, in the same transaction. */
    @Test
    void pastItsShareAClientQueuesNothingMoreButAnotherClientStillQueues() {
        try (SqlJobLedger ledger = db.open()) {
            for (int i = 0; i < 2; i++) {
                assertThat(ledger.accept(ofClient(TestLedgers.queued(TestLedgers.LOCAL), "10.0.0.1", 2))
                                .outcome())
                        .isEqualTo(Acceptance.Outcome.ACCEPTED);
            }
            Acceptance full = ledger.accept(ofClient(TestLedgers.queued(TestLedgers.LOCAL), "10.0.0.1", 2));
            assertThat(full.outcome()).isEqualTo(Acceptance.Outcome.CLIENT_QUEUE_FULL);
            assertThat(full.retryAfter()).isPositive();
            assertThat(ledger.accept(ofClient(TestLedgers.queued(TestLedgers.LOCAL), "10.0.0.2", 2))
                            .outcome())
                    .as("another client")
                    .isEqualTo(Acceptance.Outcome.ACCEPTED);
            assertThat(ledger.accept(withQueueLimit(TestLedgers.queued(TestLedgers.LOCAL), 64))
                            .outcome())
                    .as("a job of no known client")
                    .isEqualTo(Acceptance.Outcome.ACCEPTED);
            assertThat(ledger.accept(ofClient(TestLedgers.queued(TestLedgers.SCENARIO), "10.0.0.1", 2))
                            .outcome())
                    .as("the share is per backend identity, as the queue")
                    .isEqualTo(Acceptance.Outcome.ACCEPTED);
            ledger.claimOldestQueued(TestLedgers.LOCAL, "holder-1"); // one of the client's jobs leaves the queue
            assertThat(ledger.accept(ofClient(TestLedgers.queued(TestLedgers.LOCAL), "10.0.0.1", 2))
                            .outcome())
                    .isEqualTo(Acceptance.Outcome.ACCEPTED);
        }
    }

    @Test
    void aQueueLimitOfZeroQueuesNothingButAKeyAlreadyUsedStillFindsItsJob() {
        try (SqlJobLedger ledger = db.open()) {
            NewJob keyed = TestLedgers.keyed("zero-queue-key", "fp", "h");
            assertThat(ledger.accept(keyed).outcome()).isEqualTo(Acceptance.Outcome.ACCEPTED);

            Acceptance full = ledger.accept(withQueueLimit(TestLedgers.queued(TestLedgers.LOCAL), 0));
            assertThat(full.outcome()).isEqualTo(Acceptance.Outcome.QUEUE_FULL);
            assertThat(full.retryAfter()).isPositive();
            assertThat(ledger.queuedCount(TestLedgers.LOCAL)).isZero();

            // the same request again, past the running bound: the key's job answers, the empty queue is never counted
            NewJob repeat = new NewJob(
                    TestLedgers.id(),
                    keyed.backendIdentity(),
                    JobState.QUEUED,
                    null,
                    keyed.seed(),
                    keyed.price(),
                    keyed.costLimit(),
                    keyed.request(),
                    new byte[] {1},
                    keyed.idempotencyKey(),
                    keyed.fingerprint(),
                    0);
            Acceptance again = ledger.accept(repeat);
            assertThat(again.outcome()).isEqualTo(Acceptance.Outcome.IN_PROGRESS);
            assertThat(again.job().jobId()).isEqualTo(keyed.jobId());
        }
    }

    private static NewJob ofClient(NewJob job, String client, int share) {
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
                64,
                List.of(),
                client,
                share,
                null,
                null);
    }

    private static NewJob withQueueLimit(NewJob job, int limit) {
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
