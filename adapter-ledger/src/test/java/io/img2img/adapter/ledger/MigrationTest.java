package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.out.Acceptance.Outcome;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §10 "Migrations" on SQLite files: the committed first-schema fixture upgraded in place. What holds on both
 * engines is in {@link SchemaVersionTest}.
 */
class MigrationTest {
    private static final String FIXTURE = "/ledger-fixtures/first-schema.db";

    @TempDir
    Path folder;

    private Path file() {
        return folder.resolve("ledger.db");
    }

    @Test
    void theCommittedFirstSchemaFixtureUpgradesInPlaceAndKeepsItsJobs() throws Exception {
        try (var fixture = MigrationTest.class.getResourceAsStream(FIXTURE)) {
            Files.copy(fixture, file());
        }
        try (SqlJobLedger ledger = TestLedgers.openFile(file())) {
            LedgerJob queued = ledger.find(FirstSchemaFixture.QUEUED_JOB).orElseThrow();
            LedgerJob done = ledger.find(FirstSchemaFixture.FINISHED_JOB).orElseThrow();

            assertThat(queued.state()).isEqualTo(JobState.QUEUED);
            assertThat(ledger.referenceImage(queued.jobId())).get().isEqualTo(FirstSchemaFixture.REFERENCE_IMAGE);
            assertThat(done.state()).isEqualTo(JobState.SUCCESS);
            assertThat(done.images()).containsExactly(FirstSchemaFixture.IMAGE);
            assertThat(ledger.accept(TestLedgers.keyed(FirstSchemaFixture.KEY, FirstSchemaFixture.FINGERPRINT, "h"))
                            .outcome())
                    .as("the fixture's key is older than 24 h")
                    .isEqualTo(Outcome.ACCEPTED);
            assertThat(ledger.claimOldestQueued(FirstSchemaFixture.IDENTITY, "h")
                            .orElseThrow()
                            .jobId())
                    .isEqualTo(queued.jobId());
        }
        try (var raw = new TestLedgers.Raw(file())) {
            assertThat(raw.number("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 0"))
                    .isZero();
            assertThat(raw.text("SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history"))
                    .isEqualTo(String.valueOf(Migrations.latest()));
        }
    }
}
