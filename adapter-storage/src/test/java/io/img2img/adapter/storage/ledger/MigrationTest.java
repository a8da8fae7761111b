package io.img2img.adapter.storage.ledger;

import io.img2img.application.port.out.Acceptance.Outcome;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUnavailableException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SPEC §10 "Migrations" on SQLite files: two processes migrating together, and the committed first-schema fixture
 * upgraded in place. What holds on both engines is in {@link SchemaVersionTest}.
 */
class MigrationTest {
    private static final String FIXTURE = "/ledger-fixtures/first-schema.db";

    @TempDir
    Path folder;

    private Path file() {
        return folder.resolve("ledger.db");
    }

    @Test
    void twoProcessesStartingTogetherMigrateOnceAndAcceptOneKeyOnce() throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), LedgerProcess.class.getName(), file().toString(), "shared-key",
                    "process-" + i).redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }
        List<BufferedReader> outputs = new ArrayList<>();
        for (Process process : processes) {
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertThat(output.readLine()).isEqualTo("ready");
            outputs.add(output);
        }
        for (Process process : processes) {
            OutputStream go = process.getOutputStream();
            go.write("go\n".getBytes(StandardCharsets.UTF_8));
            go.flush();
        }
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            outcomes.add(outputs.get(i).readLine());
            assertThat(processes.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(processes.get(i).exitValue()).isZero();
        }

        assertThat(outcomes).containsExactlyInAnyOrder("outcome " + Outcome.ACCEPTED, "outcome " + Outcome.IN_PROGRESS);
        assertSchemaAppliedOnce();
        try (var raw = new TestLedgers.Raw(file())) {
            assertThat(raw.number("SELECT COUNT(*) FROM jobs")).isEqualTo(1);
        }
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
                    .outcome()).as("the fixture's key is older than 24 h").isEqualTo(Outcome.ACCEPTED);
            assertThat(ledger.claimOldestQueued(FirstSchemaFixture.IDENTITY, "h").orElseThrow().jobId())
                    .isEqualTo(queued.jobId());
        }
        try (var raw = new TestLedgers.Raw(file())) {
            assertThat(raw.number("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 0")).isZero();
            assertThat(raw.text("SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history"))
                    .isEqualTo(String.valueOf(Migrations.latest()));
        }
    }

    private void assertSchemaAppliedOnce() throws Exception {
        try (var raw = new TestLedgers.Raw(file())) {
            assertThat(raw.number("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1' AND success = 1"))
                    .isEqualTo(1);
            assertThat(raw.number("SELECT COUNT(*) FROM ledger_schema")).isEqualTo(1);
            assertThat(raw.number("SELECT COUNT(*) FROM ledger_changes")).isEqualTo(1);
        }
    }
}
