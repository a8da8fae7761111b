package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.adapter.ledger.testkit.PostgresTestServer;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.domain.result.ProducedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The ledger's cost per generation on a SQLite file (WAL, synchronous=FULL) or on PostgreSQL (a database of its
 * own on the server named by {@code IMG2IMG_TEST_PG_URL}/{@code _USER}/{@code _PASSWORD}, dropped after): accept
 * with an idempotency key (the reserve), submitting + submitted with the backend's job id (the write-ahead around
 * the paid POST), and the finish with one image. Prints p50 and p99 in µs of each step and of the whole. Not a
 * test: run through {@code bench/ledger-cost.sh}. Arguments: generations (default 2000), warm-up generations
 * (default 500), engine ({@code sqlite} or {@code postgresql}, default sqlite).
 */
public final class LedgerBenchmark {
    private static final ProducedImage IMAGE =
            new ProducedImage("asset_bench", null, "image/png", 512, 512, "/tmp/a.png");

    private LedgerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int generations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        TestDatabase.Engine engine =
                TestDatabase.Engine.valueOf((args.length > 2 ? args[2] : "sqlite").toUpperCase(java.util.Locale.ROOT));
        if (engine == TestDatabase.Engine.POSTGRESQL && System.getenv(PostgresTestServer.URL) == null) {
            System.err.println("set " + PostgresTestServer.URL + ", _USER and _PASSWORD (source .ci/start-postgres)");
            System.exit(2);
        }
        Path folder = Files.createTempDirectory("ledger-bench");
        try (TestDatabase database = engine.create(folder);
                SqlJobLedger ledger = database.open()) {
            run(ledger, warmUp, new long[4][warmUp]);
            long[][] nanos = new long[4][generations];
            run(ledger, generations, nanos);
            System.out.printf(
                    "ledger cost per generation, %d generations after %d of warm-up, on %s %s%n",
                    generations, warmUp, engine, database.name());
            String[] steps = {
                "accept (reserve, keyed)", "submitting + submitted", "finish (1 image)", "whole generation"
            };
            for (int step = 0; step < steps.length; step++) {
                long[] sorted = nanos[step].clone();
                Arrays.sort(sorted);
                System.out.printf(
                        "  %-26s p50 %6d µs   p99 %6d µs%n",
                        steps[step], percentile(sorted, 50) / 1000, percentile(sorted, 99) / 1000);
            }
        } finally {
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(folder);
        }
    }

    private static void run(SqlJobLedger ledger, int generations, long[][] nanos) {
        for (int i = 0; i < generations; i++) {
            long start = System.nanoTime();
            LedgerJob claimed = ledger.accept(TestLedgers.keyed("bench-" + TestLedgers.id(), "fp", "bench-holder"))
                    .job();
            long accepted = System.nanoTime();
            LedgerJob submitted = ledger.markSubmitted(
                            ledger.markSubmitting(claimed).orElseThrow(), "backend-" + i, 1.0)
                    .orElseThrow();
            long recorded = System.nanoTime();
            assertThat(ledger.finish(submitted, JobEnd.success(List.of(IMAGE)))).isPresent();
            long finished = System.nanoTime();
            nanos[0][i] = accepted - start;
            nanos[1][i] = recorded - accepted;
            nanos[2][i] = finished - recorded;
            nanos[3][i] = finished - start;
        }
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }
}
