package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.NewJob;
import io.img2img.domain.result.ProducedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Makes {@code src/test/resources/ledger-fixtures/first-schema.db}: a ledger written by the first schema (V1) with
 * a queued job (and its reference image) and a finished keyed job, so every later migration is tested as an
 * upgrade in place. Run once, from the repository root, while V1 was the only migration (see the README there).
 */
public final class FirstSchemaFixture {
    static final String IDENTITY = "local";
    static final String QUEUED_JOB = "job-fixture-queued";
    static final String FINISHED_JOB = "job-fixture-finished";
    static final String KEY = "fixture-key";
    static final String FINGERPRINT = "fixture-fingerprint";
    static final byte[] REFERENCE_IMAGE = {(byte) 0x89, 'P', 'N', 'G'};
    static final ProducedImage IMAGE = new ProducedImage(
            "asset_fixture_0", null, "image/png", 64, 64, "/home/ada/.img2img/outputs/asset_fixture_0.png");

    private FirstSchemaFixture() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).toAbsolutePath();
        Files.deleteIfExists(file);
        try (SqlJobLedger ledger = TestLedgers.openFile(file)) {
            ledger.accept(new NewJob(
                    QUEUED_JOB,
                    IDENTITY,
                    JobState.QUEUED,
                    null,
                    "11",
                    0.0,
                    null,
                    TestLedgers.REQUEST,
                    REFERENCE_IMAGE,
                    null,
                    null,
                    64));
            LedgerJob claimed = ledger.accept(new NewJob(
                            FINISHED_JOB,
                            IDENTITY,
                            JobState.CLAIMED,
                            "fixture-holder",
                            "12",
                            0.0,
                            null,
                            TestLedgers.REQUEST,
                            null,
                            KEY,
                            FINGERPRINT,
                            0))
                    .job();
            assertThat(ledger.finish(ledger.markRunning(claimed).orElseThrow(), JobEnd.success(List.of(IMAGE))))
                    .isPresent();
        }
        try (var raw = new TestLedgers.Raw(file)) {
            raw.update(
                    "UPDATE idempotency_keys SET created_at = created_at - ?",
                    Duration.ofDays(2).toMillis());
            raw.number("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".migration-lock"));
        System.out.println("wrote " + file + " (" + Files.size(file) + " bytes)");
    }
}
