package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.NewJob;
import io.img2img.domain.result.ProducedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What job events resume by (SPEC §6): the version at which a job's status (queue position included) and its
 * progress last changed; and the result's notes kept with the job (SPEC §4).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Engine.class)
class StatusVersionsTest extends BothEngines {
    @Test
    void statusAndProgressVersionsMoveOnlyWhenWhatTheyTellChanges() {
        try (SqlJobLedger ledger = db.open()) {
            String ahead = ledger.accept(TestLedgers.queued(TestLedgers.SCENARIO))
                    .job()
                    .jobId();
            LedgerJob behind =
                    ledger.accept(TestLedgers.queued(TestLedgers.SCENARIO)).job();
            assertThat(behind.statusVersion()).isEqualTo(1);
            String other =
                    ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)).job().jobId();

            assertThat(ledger.queuePosition(behind.jobId())).hasValue(2);
            long changes = ledger.changeCount();
            assertThat(ledger.claimOldestQueued(TestLedgers.SCENARIO, "h1"))
                    .isPresent(); // the job ahead leaves the queue
            behind = ledger.find(behind.jobId()).orElseThrow();
            assertThat(behind.version())
                    .as("its position moved, computed when read: its row is not rewritten (F12)")
                    .isEqualTo(1);
            assertThat(behind.statusVersion()).isEqualTo(1);
            assertThat(ledger.queuePosition(behind.jobId())).hasValue(1);
            assertThat(ledger.changeCount())
                    .as("what tells streams to read positions again")
                    .isGreaterThan(changes);
            assertThat(ledger.find(other).orElseThrow().version())
                    .as("another identity's queue did not move")
                    .isEqualTo(1);
            assertThat(ledger.find(ahead).orElseThrow().statusVersion()).isEqualTo(2);

            LedgerJob held =
                    ledger.claimOldestQueued(TestLedgers.SCENARIO, "h2").orElseThrow();
            assertThat(held.statusVersion()).isEqualTo(held.version());
            long claimedAt = held.version();
            held = ledger.markSubmitted(ledger.markSubmitting(held).orElseThrow(), "remote", null)
                    .orElseThrow();
            assertThat(held.statusVersion())
                    .as("submitting and submitted are still in progress")
                    .isEqualTo(claimedAt);
            held = ledger.recordProgress(held, 0.5, List.of()).orElseThrow();
            long progressAt = held.version();
            assertThat(held.progressVersion()).isEqualTo(progressAt);
            held = ledger.recordProgress(
                            held, 0.5, List.of(new ProducedImage("asset_a", null, "image/png", 8, 8, null)))
                    .orElseThrow();
            assertThat(held.progressVersion()).as("the same progress again").isEqualTo(progressAt);
            held = ledger.finish(held, JobEnd.success(held.images())).orElseThrow();
            assertThat(held.statusVersion()).as("it ended").isEqualTo(held.version());
        }
    }

    @Test
    void theNotesAreKeptWithTheJob() {
        try (SqlJobLedger ledger = db.open()) {
            NewJob job = new NewJob(
                    "job_notes1",
                    TestLedgers.SCENARIO,
                    JobState.QUEUED,
                    null,
                    "1",
                    null,
                    null,
                    Map.of("prompt", "p"),
                    new byte[] {1},
                    null,
                    null,
                    10,
                    List.of("The reference was scaled down."),
                    null,
                    0,
                    null,
                    null);
            ledger.accept(job);
            assertThat(ledger.find("job_notes1").orElseThrow().notes())
                    .containsExactly("The reference was scaled down.");
            assertThat(ledger.accept(TestLedgers.queued(TestLedgers.LOCAL))
                            .job()
                            .notes())
                    .isEmpty();
        }
    }
}
