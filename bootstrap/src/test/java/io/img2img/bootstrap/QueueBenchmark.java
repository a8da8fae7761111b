package io.img2img.bootstrap;

import io.img2img.adapter.ledger.LedgerSettings;
import io.img2img.adapter.ledger.SqlJobLedger;
import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.job.JobEngine;
import io.img2img.application.job.JobIds;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.port.out.RemoteAsset;
import io.img2img.application.port.out.SubmittedJob;
import io.img2img.application.testkit.MemoryAssetStore;
import io.img2img.application.testkit.PngHeaderCodec;
import io.img2img.domain.model.Model;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.request.RequestTree;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Queue throughput (bench/queue-throughput.sh): how many queued jobs per second the keepers of one or two processes
 * on one SQLite file claim and start, with a backend that ends every job at once. The queue is filled first; the
 * worker processes open the ledger and wait; the clock runs from "go" until every job has ended.
 *
 * <p>{@code run <processes> <jobs> <slots>} measures and prints one line; {@code work <url> <slots>} is one worker.
 */
public final class QueueBenchmark {
    private static final String IDENTITY = "bench-instant";

    private QueueBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("work")) {
            work(args[1], Integer.parseInt(args[2]));
        } else {
            run(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
    }

    private static void run(int processes, int jobs, int slots) throws Exception {
        Path dir = Files.createTempDirectory("img2img-queue-bench");
        String url = "jdbc:sqlite:" + dir.resolve("ledger.db");
        fill(url, jobs);
        List<Process> workers = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            workers.add(new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            QueueBenchmark.class.getName(),
                            "work",
                            url,
                            String.valueOf(slots))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
        }
        try (Connection c = DriverManager.getConnection(url)) {
            for (Process w : workers) {
                String line = new BufferedReader(new InputStreamReader(w.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                if (!"ready".equals(line)) {
                    throw new IllegalStateException("a worker did not start: " + line);
                }
            }
            long start = System.nanoTime();
            for (Process w : workers) {
                OutputStream in = w.getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            while (ended(c) < jobs) {
                Thread.onSpinWait();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("RESULT %d %d %d %.1f %.3f%n", processes, jobs, slots, jobs / seconds, seconds);
        } finally {
            workers.forEach(Process::destroy);
        }
    }

    private static long ended(Connection c) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery("SELECT COUNT(*) FROM jobs WHERE state IN ('success', 'failure', 'canceled')")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The queue as callers leave it: jobs accepted one transaction each, with their request and reference image. */
    private static void fill(String url, int jobs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelId", "model_bench");
        body.put("prompt", "a lighthouse");
        body.put("image", "data:image/png;base64," + Base64.getEncoder().encodeToString(PngHeaderCodec.png(64, 64)));
        var request = RequestParser.parse(body).request();
        try (SqlJobLedger ledger = new SqlJobLedger(LedgerSettings.of(url, 30))) {
            for (int i = 0; i < jobs; i++) {
                ledger.accept(new NewJob(
                        JobIds.newJobId(),
                        IDENTITY,
                        JobState.QUEUED,
                        null,
                        "1",
                        0.0,
                        null,
                        new LinkedHashMap<>(RequestTree.of(request)),
                        RequestTree.imageBytes(request),
                        null,
                        null,
                        jobs + 1));
            }
        }
    }

    private static void work(String url, int slots) throws Exception {
        try (SqlJobLedger ledger = new SqlJobLedger(LedgerSettings.of(url, 30))) {
            ledger.changeCount(); // opened and migrated before "ready"
            JobEngine jobs = JobEngine.create(
                    ledger,
                    new InstantBackend(),
                    id -> Optional.of(new Model(id, "sd-xl", "trained", List.of("img2img"), false, List.of())),
                    new PngHeaderCodec(),
                    new MemoryAssetStore(),
                    Clock.system(),
                    ServicePolicy.defaults().withMaxConcurrentJobs(slots),
                    LedgerPolicy.defaults());
            System.out.println("ready");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            in.readLine();
            jobs.start();
            in.readLine(); // until the benchmark ends this process
            jobs.stop(Duration.ofSeconds(1));
        }
    }

    /** A backend whose jobs have ended as soon as they are submitted: only the queue's own work is measured. */
    private static final class InstantBackend implements ImageBackend {
        @Override
        public String name() {
            return IDENTITY;
        }

        @Override
        public double price(Generation generation) {
            return 0;
        }

        @Override
        public SubmittedJob submit(String jobId, Generation generation) {
            return new SubmittedJob(jobId, 0.0);
        }

        @Override
        public Duration followInterval() {
            return Duration.ZERO;
        }

        @Override
        public JobSnapshot poll(String jobId) {
            return JobSnapshot.succeeded(List.of());
        }

        @Override
        public RemoteAsset describe(String assetId) {
            throw new UnsupportedOperationException("the instant backend makes no images");
        }

        @Override
        public byte[] download(RemoteAsset asset) {
            throw new UnsupportedOperationException("the instant backend makes no images");
        }
    }
}
