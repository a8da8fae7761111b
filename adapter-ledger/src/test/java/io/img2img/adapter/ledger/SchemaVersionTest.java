package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.img2img.application.port.out.Acceptance.Outcome;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUnavailableException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SPEC §10 "Migrations", on both engines: applied once by whoever comes first, threads or processes (SQLite: our
 * file lock; PostgreSQL: Flyway's own lock), additive, guarded by the oldest usable code version.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Engine.class)
class SchemaVersionTest extends BothEngines {

    @Test
    void fourLedgersMigratingAFreshDatabaseAtTheSameMomentMakeOneSchema() throws Exception {
        int ledgers = 4;
        CyclicBarrier start = new CyclicBarrier(ledgers);
        ExecutorService pool = Executors.newFixedThreadPool(ledgers);
        List<Future<Long>> firstUses = new ArrayList<>();
        for (int i = 0; i < ledgers; i++) {
            firstUses.add(pool.submit(() -> {
                try (SqlJobLedger ledger = db.open()) {
                    start.await();
                    return ledger.changeCount();
                }
            }));
        }
        for (Future<Long> firstUse : firstUses) {
            assertThat(firstUse.get()).isZero();
        }
        pool.shutdown();
        assertSchemaAppliedOnce();
    }

    @Test
    void twoProcessesStartingTogetherMigrateOnceAndAcceptOneKeyOnce() throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            LedgerProcess.class.getName(),
                            db.settings().url(),
                            "shared-key",
                            "process-" + i)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start()); // a failing child says why
        }
        List<BufferedReader> outputs = new ArrayList<>();
        for (Process process : processes) {
            BufferedReader output =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
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
        try (var raw = db.raw()) {
            assertThat(raw.number("SELECT COUNT(*) FROM jobs")).isEqualTo(1);
        }
    }

    @Test
    void aProcessOlderThanTheSchemaAllowsRefusesNamingTheVersionItNeeds() throws Exception {
        try (SqlJobLedger current = db.open()) {
            current.changeCount();
        }
        try (var raw = db.raw()) {
            raw.update("UPDATE ledger_schema SET min_code_version = '0.4.0'");
        }
        try (SqlJobLedger old = db.open(CodeVersion.of("0.3.2"))) {
            assertThatThrownBy(old::changeCount)
                    .isInstanceOf(LedgerUnavailableException.class)
                    .hasMessage("the job ledger " + db.name()
                            + " is unavailable: its schema needs img2img 0.4.0 or newer; " + "this is img2img 0.3.2");
        }
        try (SqlJobLedger newEnough = db.open(CodeVersion.of("0.4.0-SNAPSHOT"))) {
            assertThat(newEnough.changeCount()).isZero();
        }
    }

    @Test
    void anOlderProcessWithinTheOldestUsableVersionKeepsWorkingOnANewerSchema() {
        LedgerSettings settings = db.settings();
        Flyway.configure()
                .dataSource(settings.url(), settings.user(), settings.password())
                .locations("classpath:db/migration/" + db.folderName(), "classpath:db/future-" + db.folderName())
                .load()
                .migrate();

        try (SqlJobLedger ledger = db.open()) {
            LedgerJob accepted =
                    ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)).job();
            assertThat(ledger.claimOldestQueued(TestLedgers.LOCAL, "old-holder"))
                    .get()
                    .extracting(LedgerJob::jobId)
                    .isEqualTo(accepted.jobId());
        }
    }

    private void assertSchemaAppliedOnce() throws Exception {
        try (var raw = db.raw()) {
            assertThat(raw.number("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1' AND success"))
                    .isEqualTo(1);
            assertThat(raw.number("SELECT COUNT(*) FROM ledger_schema")).isEqualTo(1);
            assertThat(raw.number("SELECT COUNT(*) FROM ledger_changes")).isEqualTo(1);
        }
    }
}
