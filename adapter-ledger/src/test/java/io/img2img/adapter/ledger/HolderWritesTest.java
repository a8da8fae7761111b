package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.domain.result.ProducedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC §10 "States and write-ahead": each move committed, by its holder at its version only. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Engine.class)
class HolderWritesTest extends BothEngines {
    private static final ProducedImage FIRST =
            new ProducedImage("asset-1", "https://cdn.example/1", "image/png", 512, 512, "/out/asset-1.png");
    private static final ProducedImage SECOND =
            new ProducedImage("asset-2", null, "image/png", 512, 512, "/out/asset-2.png");

    @Test
    void aScenarioJobMovesClaimedSubmittingSubmittedSuccessEachVersionOneMore() {
        try (SqlJobLedger ledger = db.open()) {
            long changesBefore = ledger.changeCount();
            LedgerJob claimed = ledger.accept(TestLedgers.claimed(TestLedgers.SCENARIO, "holder-1"))
                    .job();
            LedgerJob submitting = ledger.markSubmitting(claimed).orElseThrow();
            LedgerJob submitted =
                    ledger.markSubmitted(submitting, "scenario-job-9", 6.0).orElseThrow();
            LedgerJob progressed =
                    ledger.recordProgress(submitted, 0.5, List.of()).orElseThrow();
            LedgerJob done =
                    ledger.finish(progressed, JobEnd.success(List.of(FIRST))).orElseThrow();

            assertThat(List.of(claimed, submitting, submitted, progressed, done))
                    .extracting(LedgerJob::state)
                    .containsExactly(
                            JobState.CLAIMED,
                            JobState.SUBMITTING,
                            JobState.SUBMITTED,
                            JobState.SUBMITTED,
                            JobState.SUCCESS);
            assertThat(List.of(claimed, submitting, submitted, progressed, done))
                    .extracting(LedgerJob::version)
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(claimed.leaseUntil()).isAfter(claimed.createdAt());
            assertThat(submitted.backendJobId()).isEqualTo("scenario-job-9");
            assertThat(submitted.price()).isEqualTo(6.0);
            assertThat(progressed.progress()).isEqualTo(0.5);
            assertThat(done.images()).containsExactly(FIRST);
            assertThat(done.progress()).isEqualTo(1.0);
            assertThat(done.holder()).isNull();
            assertThat(done.leaseUntil()).isNull();
            assertThat(ledger.version(done.jobId())).hasValue(5);
            assertThat(ledger.changeCount()).isEqualTo(changesBefore + 5);
            assertThat(ledger.find(done.jobId())).contains(done);
        }
    }

    @Test
    void aHolderWithAStaleVersionOrAnotherHolderCannotWrite() {
        try (SqlJobLedger ledger = db.open()) {
            LedgerJob claimed = ledger.accept(TestLedgers.claimed(TestLedgers.SCENARIO, "holder-1"))
                    .job();
            LedgerJob submitting = ledger.markSubmitting(claimed).orElseThrow();
            LedgerJob impostor = new LedgerJob(
                    submitting.jobId(),
                    submitting.backendIdentity(),
                    submitting.state(),
                    "holder-2",
                    null,
                    submitting.version(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    java.util.Map.of(),
                    null,
                    0,
                    null,
                    null,
                    null,
                    0,
                    null);

            assertThat(ledger.markSubmitting(claimed)).isEmpty();
            assertThat(ledger.markSubmitted(claimed, "late", null)).isEmpty();
            assertThat(ledger.markSubmitted(impostor, "stolen", null)).isEmpty();
            assertThat(ledger.find(claimed.jobId()).orElseThrow()).isEqualTo(submitting);
        }
    }

    @Test
    void aLocalRunRecordsImagesOnceAndItsEndDropsTheReferenceImage() {
        try (SqlJobLedger ledger = db.open()) {
            String jobId =
                    ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)).job().jobId();
            LedgerJob claimed =
                    ledger.claimOldestQueued(TestLedgers.LOCAL, "holder-1").orElseThrow();
            LedgerJob running = ledger.markRunning(claimed).orElseThrow();
            LedgerJob first =
                    ledger.recordProgress(running, 0.5, List.of(FIRST)).orElseThrow();
            LedgerJob again = ledger.recordProgress(first, 0.5, List.of(FIRST)).orElseThrow();
            LedgerJob done =
                    ledger.finish(again, JobEnd.success(List.of(FIRST, SECOND))).orElseThrow();

            assertThat(running.runs()).isEqualTo(1);
            assertThat(again.images()).containsExactly(FIRST);
            assertThat(done.images()).containsExactly(FIRST, SECOND);
            assertThat(ledger.referenceImage(jobId)).isEmpty();
            assertThat(ledger.finish(done, JobEnd.failure("x", "y"))).isEmpty();
        }
    }

    @Test
    void aPostThatMayHaveStartedIsOutcomeUnknownAndALateAnswerStillRecordsItsJobId() {
        try (SqlJobLedger ledger = db.open()) {
            LedgerJob submitting = ledger.markSubmitting(
                            ledger.accept(TestLedgers.claimed(TestLedgers.SCENARIO, "holder-1"))
                                    .job())
                    .orElseThrow();

            LedgerJob unknown =
                    ledger.markOutcomeUnknown(submitting, "read timed out").orElseThrow();

            assertThat(unknown.state()).isEqualTo(JobState.OUTCOME_UNKNOWN);
            assertThat(unknown.errorCode()).isEqualTo(JobLedger.OUTCOME_UNKNOWN_CODE);
            assertThat(ledger.markSubmitted(submitting, "too-late", null)).isEmpty();
            assertThat(ledger.recordLateBackendJobId(unknown.jobId(), "scenario-job-late"))
                    .isTrue();
            assertThat(ledger.recordLateBackendJobId(unknown.jobId(), "another"))
                    .isFalse();
            LedgerJob read = ledger.find(unknown.jobId()).orElseThrow();
            assertThat(read.backendJobId()).isEqualTo("scenario-job-late");
            assertThat(read.state()).isEqualTo(JobState.OUTCOME_UNKNOWN);
        }
    }

    @Test
    void failuresKeepTheirCodeAndMessage() {
        try (SqlJobLedger ledger = db.open()) {
            LedgerJob claimed = ledger.accept(TestLedgers.claimed(TestLedgers.LOCAL, "holder-1"))
                    .job();

            LedgerJob failed = ledger.finish(claimed, JobEnd.failure("upstream-rejected", "no nudity"))
                    .orElseThrow();

            assertThat(failed.state()).isEqualTo(JobState.FAILURE);
            assertThat(failed.errorCode()).isEqualTo("upstream-rejected");
            assertThat(failed.errorMessage()).isEqualTo("no nudity");
        }
    }

    @Test
    void anotherLedgerOnTheSameFileSeesEveryChangeThroughTheChangeCounter() {
        try (SqlJobLedger writer = db.open();
                SqlJobLedger watcher = db.open()) {
            long before = watcher.changeCount();
            LedgerJob claimed = writer.accept(TestLedgers.claimed(TestLedgers.LOCAL, "holder-1"))
                    .job();
            long afterAccept = watcher.changeCount();
            writer.heartbeat("holder-1", java.util.List.of(claimed.jobId()));
            long afterHeartbeat = watcher.changeCount();
            assertThat(writer.markRunning(claimed)).isPresent();

            assertThat(afterAccept).isGreaterThan(before);
            assertThat(afterHeartbeat).as("a lease renewal changes no job").isEqualTo(afterAccept);
            assertThat(watcher.changeCount()).isGreaterThan(afterHeartbeat);
            assertThat(watcher.version(claimed.jobId())).hasValue(2);
            assertThat(watcher.version("no-such-job")).isEmpty();
        }
    }
}
