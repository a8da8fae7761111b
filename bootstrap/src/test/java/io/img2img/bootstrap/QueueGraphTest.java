package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.img2img.adapter.http.HttpServer;
import io.img2img.adapter.ledger.LazyLedger;
import io.img2img.application.job.JobEngine;
import io.img2img.application.testkit.Await;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue through the whole graph on a real SQLite ledger file (SPEC §10 "The queue", issue #13): claims in
 * acceptance order, on change announcements across processes, and cancellation that spends and renders nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QueueGraphTest {
    private static final Map<String, String> SCENARIO_ENV =
            Map.of("SCENARIO_API_KEY", "key-ABCDEF123", "SCENARIO_API_SECRET", "secret-XYZ987");

    @TempDir
    Path folder;

    private final List<Injector> graphs = new ArrayList<>();

    @AfterEach
    void stopAll() {
        for (Injector graph : graphs) {
            graph.getInstance(HttpServer.class).stop(Duration.ofSeconds(2));
            graph.getInstance(JobEngine.class).stop(Duration.ofSeconds(2));
            graph.getInstance(LazyLedger.class).close();
        }
    }

    /** A started graph on the test's one ledger file, writing images to {@code out} (its base URL). */
    private String serve(String out, String... flags) throws Exception {
        Files.createDirectories(folder.resolve(out));
        List<String> all = new ArrayList<>(List.of(
                "--port",
                "0",
                "--output-dir",
                folder.resolve(out).toString(),
                "--database-url",
                TempLedger.url(folder)));
        all.addAll(List.of(flags));
        Injector graph = Guice.createInjector(Main.modules(
                Settings.parse("serve", all, all.contains("--scenario-api-url") ? SCENARIO_ENV : Map.of())));
        graphs.add(graph);
        HttpServer server = graph.getInstance(HttpServer.class);
        server.start();
        graph.getInstance(JobEngine.class).start(); // as serve does
        return "http://127.0.0.1:" + server.port();
    }

    private static JsonNode accept(String base, Object... pairs) throws Exception {
        HttpResponse<String> r = post(base + "/v1/generate/img2img", body(pairs), "Prefer", "wait=0");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        return json(r);
    }

    private static JsonNode end(String base, String jobId) throws Exception {
        JsonNode job = json(get(base + "/v1/jobs/" + jobId, "Prefer", "wait=60"));
        assertThat(job.get("status").asText()).as(job.toString()).isNotIn("queued", "in-progress");
        return job;
    }

    private static HttpResponse<String> cancel(String base, String jobId) throws Exception {
        return HttpCalls.CLIENT.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/jobs/" + jobId))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long files(String out) throws Exception {
        try (Stream<Path> files = Files.list(folder.resolve(out))) {
            return files.count();
        }
    }

    @Test
    void boundOneSixJobsAtOnceRunOneAfterAnotherInTheOrderTheyWereAccepted() throws Exception {
        try (FakeScenario scenario = new FakeScenario()) {
            scenario.distinctJobs = true;
            String base = serve("out", "--scenario-api-url", scenario.baseUrl(), "--max-concurrent-jobs", "1");
            List<CompletableFuture<JsonNode>> sent = new ArrayList<>();
            for (int seed = 1; seed <= 6; seed++) {
                String s = String.valueOf(seed);
                sent.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return accept(base, "modelId", "model_sdxl", "seed", s);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            Map<String, String> seedOfJob = new java.util.HashMap<>();
            List<String> startedSeeds = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                JsonNode answer = sent.get(i).get(30, TimeUnit.SECONDS);
                assertThat(answer.has("error")).as("none refused: " + answer).isFalse();
                seedOfJob.put(answer.get("jobId").asText(), String.valueOf(i + 1));
                if (!answer.get("status").asText().equals("queued")) {
                    startedSeeds.add(String.valueOf(i + 1));
                }
            }
            assertThat(startedSeeds)
                    .as("one slot: one job started at its acceptance")
                    .hasSize(1);
            for (String jobId : seedOfJob.keySet()) {
                assertThat(end(base, jobId).get("status").asText()).isEqualTo("success");
            }
            // the queued ones in the order the ledger recorded them (the started one took the free slot when it was
            // decided, which may be before the others were queued though its row is written after theirs)
            List<String> queuedSeeds = new LedgerFile(folder.resolve("img2img.db"))
                    .jobs().stream()
                            .map(row -> seedOfJob.get((String) row.get("job_id")))
                            .filter(seed -> !startedSeeds.contains(seed))
                            .toList();
            List<String> timeline = List.copyOf(scenario.timeline);
            List<String> postedSeeds = timeline.stream()
                    .filter(e -> e.startsWith("post "))
                    .map(e -> e.substring("post seed=".length(), e.indexOf(' ', "post ".length())))
                    .toList();
            assertThat(postedSeeds.get(0))
                    .as("the started job first; " + timeline)
                    .isEqualTo(startedSeeds.get(0));
            assertThat(postedSeeds.subList(1, postedSeeds.size()))
                    .as("claimed oldest first: never past an older queued job; " + timeline)
                    .isEqualTo(queuedSeeds);
            for (int k = 1; k < 6; k++) {
                assertThat(timeline.indexOf("post seed=" + postedSeeds.get(k) + " job_" + (k + 1)))
                        .as("job %d's POST only after job %d's last poll: %s", k + 1, k, timeline)
                        .isGreaterThan(timeline.indexOf("poll job_" + k + " success"));
            }
            assertThat(scenario.generationPostCount()).isEqualTo(6);
        }
    }

    @Test
    void aJobQueuedOnABusyProcessIsClaimedByAnIdleOneOnTheSameFileLongBeforeTheSweep() throws Exception {
        // a lease of 300 s sweeps every 150 s: within this test only a change announcement can start the claim
        String busy = serve("busy", "--backend", "local", "--max-concurrent-jobs", "1", "--lease-seconds", "300");
        String idle = serve("idle", "--backend", "local", "--max-concurrent-jobs", "1", "--lease-seconds", "300");
        JsonNode longJob = accept(busy, "modelId", "model_local", "numSamples", 128, "width", 1024, "height", 1024);
        assertThat(longJob.get("status").asText()).isEqualTo("in-progress");
        JsonNode queued = accept(busy, "modelId", "model_local", "width", 64, "height", 64);
        assertThat(queued.get("status").asText()).as(queued.toString()).isEqualTo("queued");

        JsonNode done = end(idle, queued.get("jobId").asText());
        assertThat(done.get("status").asText()).isEqualTo("success");
        assertThat(Path.of(done.at("/images/0/path").asText()))
                .as("rendered by the idle process")
                .startsWith(folder.resolve("idle"));
        assertThat(json(get(busy + "/v1/jobs/" + longJob.get("jobId").asText()))
                        .get("status")
                        .asText())
                .as("the busy process was still busy: it could not have claimed the job itself")
                .isEqualTo("in-progress");
        assertThat(cancel(busy, longJob.get("jobId").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void aQueuedScenarioJobCanceledIsNeverSentNorBilledEvenOnceTheSlotFrees() throws Exception {
        try (FakeScenario scenario = new FakeScenario()) {
            scenario.distinctJobs = true;
            scenario.jobsMayEnd = false; // the first job keeps the one slot until the test lets it end
            String base = serve("out", "--scenario-api-url", scenario.baseUrl(), "--max-concurrent-jobs", "1");
            JsonNode first = accept(base, "modelId", "model_sdxl", "seed", "1");
            Await.until(scenario::generationPostCount, n -> n == 1, Duration.ofSeconds(10));
            JsonNode canceled = accept(base, "modelId", "model_sdxl", "seed", "2");
            JsonNode after = accept(base, "modelId", "model_sdxl", "seed", "3");
            assertThat(canceled.get("status").asText()).isEqualTo("queued");

            HttpResponse<String> answer = cancel(base, canceled.get("jobId").asText());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(json(answer).get("status").asText()).isEqualTo("canceled");
            assertThat(scenario.generationPostCount()).isEqualTo(1);

            scenario.jobsMayEnd = true; // the slot frees: the claimer passes the canceled job by
            assertThat(end(base, first.get("jobId").asText()).get("status").asText())
                    .isEqualTo("success");
            assertThat(end(base, after.get("jobId").asText()).get("status").asText())
                    .isEqualTo("success");
            JsonNode stillCanceled = end(base, canceled.get("jobId").asText());
            assertThat(stillCanceled.get("status").asText()).isEqualTo("canceled");
            assertThat(stillCanceled.path("images")).as("never rendered").isEmpty();
            assertThat(scenario.timeline.stream().filter(e -> e.startsWith("post ")))
                    .as("never sent, never billed")
                    .containsExactly("post seed=1 job_1", "post seed=3 job_2");
            assertThat(scenario.generationPostCount()).isEqualTo(2);
        }
    }

    @Test
    void aLongLocalJobCanceledStopsWithinOneSamplePerRenderThread() throws Exception {
        String base = serve("out", "--backend", "local");
        String jobId = accept(
                        base, "modelId", "model_local", "numSamples", 128, "width", 1024, "height", 1024, "seed", "7")
                .get("jobId")
                .asText();
        Await.until(() -> files("out"), n -> n >= 1, Duration.ofSeconds(60)); // under way
        HttpResponse<String> answer = cancel(base, jobId);
        long savedAtCancel = files("out");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer).get("status").asText()).isEqualTo("canceled");

        // The render threads take samples in order: a probe of as many samples, the same size, queued behind the
        // canceled job's, ends only once every sample under way at the cancel is written (or was skipped).
        int threads = Runtime.getRuntime().availableProcessors();
        JsonNode probe = end(
                base,
                accept(
                                base,
                                "modelId",
                                "model_local",
                                "numSamples",
                                threads,
                                "width",
                                1024,
                                "height",
                                1024,
                                "seed",
                                "8")
                        .get("jobId")
                        .asText());
        assertThat(probe.get("status").asText()).isEqualTo("success");
        long producedAfterCancel = files("out") - threads - savedAtCancel;
        assertThat(producedAfterCancel)
                .as("at most the sample each render thread was on; the files saved before " + "the cancel are kept; "
                        + threads + " threads")
                .isBetween(0L, (long) threads);
        assertThat(savedAtCancel).as("stopped long before its 128 samples").isLessThan(128 - threads);
        assertThat(end(base, jobId).get("status").asText()).isEqualTo("canceled");
    }
}
