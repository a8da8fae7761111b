package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.SweepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SPEC §10 "Nothing accepted is forgotten": who may take work, and what an expired lease gives back. Leases run
 * out by moving the row's lease into the past through a raw connection, as the database's clock would.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Engine.class)
class LeasesTest extends BothEngines {
    @Test
    void theOldestQueuedJobOfTheSameBackendIdentityIsClaimed() {
        try (SqlJobLedger ledger = db.open()) {
            String oldestScenario = ledger.accept(TestLedgers.queued(TestLedgers.SCENARIO))
                    .job()
                    .jobId();
            ledger.accept(TestLedgers.queued(TestLedgers.LOCAL));
            ledger.accept(TestLedgers.queued(TestLedgers.SCENARIO));

            LedgerJob claimed =
                    ledger.claimOldestQueued(TestLedgers.SCENARIO, "holder-1").orElseThrow();

            assertThat(claimed.jobId()).isEqualTo(oldestScenario);
            assertThat(claimed.state()).isEqualTo(JobState.CLAIMED);
            assertThat(claimed.holder()).isEqualTo("holder-1");
            assertThat(claimed.leaseUntil()).isAfter(claimed.updatedAt());
            assertThat(ledger.queuedCount(TestLedgers.SCENARIO)).isEqualTo(1);
            assertThat(ledger.queuedCount(TestLedgers.LOCAL)).isEqualTo(1);
            assertThat(ledger.claimOldestQueued("scenario https://elsewhere key:0", "holder-1"))
                    .isEmpty();
        }
    }

    @Test
    void oneQueuedJobClaimedFromTwoLedgersAtOnceGoesToExactlyOneHolder() throws Exception {
        try (SqlJobLedger one = db.open();
                SqlJobLedger two = db.open()) {
            one.accept(TestLedgers.queued(TestLedgers.LOCAL));
            int threads = 8;
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Optional<LedgerJob>>> claims = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                SqlJobLedger ledger = i % 2 == 0 ? one : two;
                String holder = "holder-" + i;
                claims.add(pool.submit(() -> {
                    start.await();
                    return ledger.claimOldestQueued(TestLedgers.LOCAL, holder);
                }));
            }
            int won = 0;
            for (Future<Optional<LedgerJob>> claim : claims) {
                won += claim.get().isPresent() ? 1 : 0;
            }
            pool.shutdown();

            assertThat(won).isEqualTo(1);
        }
    }

    @Test
    void expiredClaimedGoesBackToTheQueueAndExpiredSubmittingBecomesOutcomeUnknown() throws Exception {
        try (SqlJobLedger ledger = db.open();
                var raw = db.raw()) {
            LedgerJob claimed = ledger.accept(TestLedgers.claimed(TestLedgers.SCENARIO, "holder-1"))
                    .job();
            LedgerJob submitting = ledger.markSubmitting(
                            ledger.accept(TestLedgers.claimed(TestLedgers.SCENARIO, "holder-1"))
                                    .job())
                    .orElseThrow();
            LedgerJob live = ledger.accept(TestLedgers.claimed(TestLedgers.SCENARIO, "holder-2"))
                    .job();
            raw.expireLease(claimed.jobId());
            raw.expireLease(submitting.jobId());

            SweepResult swept = ledger.sweepExpiredLeases();

            assertThat(swept).isEqualTo(new SweepResult(1, 1, 0));
            assertThat(ledger.find(claimed.jobId()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
            LedgerJob unknown = ledger.find(submitting.jobId()).orElseThrow();
            assertThat(unknown.state()).isEqualTo(JobState.OUTCOME_UNKNOWN);
            assertThat(unknown.errorCode()).isEqualTo(JobLedger.OUTCOME_UNKNOWN_CODE);
            assertThat(ledger.find(live.jobId()).orElseThrow()).isEqualTo(live);
            assertThat(ledger.markSubmitting(claimed))
                    .as("the holder lost its lease")
                    .isEmpty();
            assertThat(ledger.claimOldestQueued(TestLedgers.SCENARIO, "holder-3")
                            .orElseThrow()
                            .jobId())
                    .isEqualTo(claimed.jobId());
        }
    }

    @Test
    void anExpiredLocalRunGoesToTheHeadOfTheQueueAndAfterTwoCutOffRunsFailsInterrupted() throws Exception {
        try (SqlJobLedger ledger = db.open();
                var raw = db.raw()) {
            String jobId =
                    ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)).job().jobId();
            String younger =
                    ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)).job().jobId();
            assertThat(ledger.markRunning(ledger.claimOldestQueued(TestLedgers.LOCAL, "holder-1")
                            .orElseThrow()))
                    .isPresent();
            ledger.accept(TestLedgers.queued(TestLedgers.LOCAL));
            raw.expireLease(jobId);

            assertThat(ledger.sweepExpiredLeases()).isEqualTo(new SweepResult(1, 0, 0));
            assertThat(ledger.queuePosition(jobId)).hasValue(1);
            assertThat(ledger.queuePosition(younger)).hasValue(2);
            LedgerJob second =
                    ledger.claimOldestQueued(TestLedgers.LOCAL, "holder-2").orElseThrow();
            assertThat(second.jobId()).isEqualTo(jobId);
            assertThat(ledger.markRunning(second).orElseThrow().runs()).isEqualTo(2);
            raw.expireLease(jobId);

            assertThat(ledger.sweepExpiredLeases()).isEqualTo(new SweepResult(0, 0, 1));
            LedgerJob failed = ledger.find(jobId).orElseThrow();
            assertThat(failed.state()).isEqualTo(JobState.FAILURE);
            assertThat(failed.errorCode()).isEqualTo(JobLedger.INTERRUPTED_CODE);
            assertThat(ledger.referenceImage(jobId)).isEmpty();
        }
    }

    @Test
    void aSubmittedJobWhoseHolderDiedIsTakenOverBySameIdentityOnlyAfterTheLease() throws Exception {
        try (SqlJobLedger ledger = db.open();
                var raw = db.raw()) {
            LedgerJob submitted = ledger.markSubmitted(
                            ledger.markSubmitting(ledger.accept(TestLedgers.claimed(TestLedgers.SCENARIO, "holder-1"))
                                            .job())
                                    .orElseThrow(),
                            "scenario-job-1",
                            null)
                    .orElseThrow();
            assertThat(ledger.takeOverSubmitted(TestLedgers.SCENARIO, "holder-2"))
                    .isEmpty();
            raw.expireLease(submitted.jobId());

            assertThat(ledger.sweepExpiredLeases().total())
                    .as("a sweep leaves submitted jobs alone")
                    .isZero();
            assertThat(ledger.takeOverSubmitted(TestLedgers.LOCAL, "holder-2")).isEmpty();
            LedgerJob followed =
                    ledger.takeOverSubmitted(TestLedgers.SCENARIO, "holder-2").orElseThrow();

            assertThat(followed.holder()).isEqualTo("holder-2");
            assertThat(followed.state()).isEqualTo(JobState.SUBMITTED);
            assertThat(followed.backendJobId()).isEqualTo("scenario-job-1");
            assertThat(ledger.recordProgress(submitted, 0.9, List.of()))
                    .as("the dead holder")
                    .isEmpty();
            assertThat(ledger.recordProgress(followed, 0.9, List.of())).isPresent();
        }
    }

    @Test
    void aHeartbeatRenewsOnlyTheJobsItsHolderStillRunsSoASweepTakesTheOrphan() throws Exception {
        try (SqlJobLedger ledger = db.open();
                var raw = db.raw()) {
            LedgerJob a = ledger.accept(TestLedgers.claimed(TestLedgers.LOCAL, "holder-1"))
                    .job();
            LedgerJob b = ledger.markSubmitting(ledger.accept(TestLedgers.claimed(TestLedgers.SCENARIO, "holder-1"))
                            .job())
                    .orElseThrow();
            LedgerJob orphan = ledger.accept(TestLedgers.claimed(TestLedgers.LOCAL, "holder-1"))
                    .job();
            LedgerJob others = ledger.accept(TestLedgers.claimed(TestLedgers.LOCAL, "holder-2"))
                    .job();
            raw.expireLease(a.jobId());
            raw.expireLease(b.jobId());
            raw.expireLease(orphan.jobId());

            // holder-1 runs a and b; the orphan's run died (F5): naming another holder's job renews nothing of it
            assertThat(ledger.heartbeat("holder-1", List.of(a.jobId(), b.jobId(), others.jobId())))
                    .isEqualTo(2);

            assertThat(ledger.sweepExpiredLeases().total())
                    .as("only the orphan is taken back")
                    .isEqualTo(1);
            assertThat(ledger.find(orphan.jobId()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
            assertThat(ledger.find(a.jobId()).orElseThrow().leaseUntil()).isAfterOrEqualTo(a.leaseUntil());
            assertThat(ledger.version(a.jobId()))
                    .as("a lease renewal is not a change of the job")
                    .hasValue(a.version());
        }
    }

    @Test
    void aReleaseGivesBackClaimedAndRunningWorkAtOnceButNeverASubmittingJob() {
        try (SqlJobLedger ledger = db.open()) {
            String queuedEarlier =
                    ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)).job().jobId();
            LedgerJob claimed = ledger.accept(TestLedgers.claimed(TestLedgers.SCENARIO, "holder-1"))
                    .job();
            LedgerJob running = ledger.markRunning(ledger.accept(TestLedgers.claimed(TestLedgers.LOCAL, "holder-1"))
                            .job())
                    .orElseThrow();
            LedgerJob submitting = ledger.markSubmitting(
                            ledger.accept(TestLedgers.claimed(TestLedgers.SCENARIO, "holder-1"))
                                    .job())
                    .orElseThrow();
            LedgerJob submitted = ledger.markSubmitted(
                            ledger.markSubmitting(ledger.accept(TestLedgers.claimed(TestLedgers.SCENARIO, "holder-1"))
                                            .job())
                                    .orElseThrow(),
                            "s-1",
                            null)
                    .orElseThrow();

            assertThat(ledger.release("holder-1")).isEqualTo(3);

            assertThat(ledger.find(claimed.jobId()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
            LedgerJob requeued = ledger.find(running.jobId()).orElseThrow();
            assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
            assertThat(requeued.runs())
                    .as("a run cut short by a clean stop does not count")
                    .isZero();
            assertThat(ledger.queuePosition(running.jobId())).hasValue(1);
            assertThat(ledger.queuePosition(queuedEarlier)).hasValue(2);
            assertThat(ledger.find(submitting.jobId()).orElseThrow()).isEqualTo(submitting);
            assertThat(ledger.takeOverSubmitted(TestLedgers.SCENARIO, "holder-2")
                            .orElseThrow()
                            .jobId())
                    .isEqualTo(submitted.jobId());
        }
    }
}
