package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.img2img.adapter.http.HttpServer;
import io.img2img.adapter.ledger.LazyLedger;
import io.img2img.adapter.ledger.LedgerSettings;
import io.img2img.adapter.ledger.SqlJobLedger;
import io.img2img.application.job.JobEngine;
import io.img2img.application.job.JobIds;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.NewJob;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.request.RequestTree;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole graph on a real SQLite ledger file: what survives a restart, a dead process, an unusable file. */
class LedgerGraphTest {
    private static final String KEY = "key-ABCDEF123";
    private static final String SECRET = "secret-XYZ987";

    @TempDir
    Path folder;

    private Injector graph(String url, String... flags) throws Exception {
        Files.createDirectories(folder.resolve("out")); // as Main does
        List<String> all = new ArrayList<>(
                List.of("--port", "0", "--output-dir", folder.resolve("out").toString(), "--database-url", url));
        all.addAll(List.of(flags));
        Map<String, String> env = all.contains("--scenario-api-url")
                ? Map.of("SCENARIO_API_KEY", KEY, "SCENARIO_API_SECRET", SECRET)
                : Map.of();
        return Guice.createInjector(Main.modules(Settings.parse("serve", all, env)));
    }

    private static String start(Injector graph) {
        HttpServer server = graph.getInstance(HttpServer.class);
        server.start();
        return "http://127.0.0.1:" + server.port();
    }

    private static void stop(Injector graph) {
        graph.getInstance(HttpServer.class).stop(Duration.ofSeconds(2));
        graph.getInstance(JobEngine.class).stop(Duration.ofSeconds(2));
        graph.getInstance(LazyLedger.class).close();
    }

    @Test
    void theSameKeyAfterARestartIsTheSameJobAndNoNewPost() throws Exception {
        String url = TempLedger.url(folder);
        try (FakeScenario scenario = new FakeScenario()) {
            Injector first = graph(url, "--scenario-api-url", scenario.baseUrl());
            String base = start(first);
            HttpResponse<String> accepted = post(
                    base + "/v1/generate/img2img",
                    body("modelId", "model_sdxl"),
                    "Idempotency-Key",
                    "key-123",
                    "Prefer",
                    "wait=30");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            stop(first);

            Injector second = graph(url, "--scenario-api-url", scenario.baseUrl());
            String again = start(second);
            HttpResponse<String> retried = post(
                    again + "/v1/generate/img2img",
                    body("modelId", "model_sdxl"),
                    "Idempotency-Key",
                    "key-123",
                    "Prefer",
                    "wait=30");
            assertThat(json(retried).get("jobId").asText())
                    .isEqualTo(json(accepted).get("jobId").asText());
            assertThat(json(retried).get("status").asText()).isEqualTo("success");
            List<RecordedRequest> posts = scenario.requests.stream()
                    .filter(r -> r.getMethod().equals("POST")
                            && !"true".equals(r.getUrl().queryParameter("dryRun")))
                    .toList();
            assertThat(posts).as("billed once, across the restart").hasSize(1);
            HttpResponse<String> read =
                    get(again + "/v1/jobs/" + json(accepted).get("jobId").asText());
            assertThat(read.statusCode())
                    .as("a job accepted before the restart is never a 404")
                    .isEqualTo(200);
            stop(second);
        }
    }

    @Test
    void aLocalJobWhoseProcessDiedRunsAgainAndSucceeds() throws Exception {
        String url = TempLedger.url(folder);
        Map<String, Object> request =
                body("modelId", "model_local", "numSamples", 2, "width", 64, "height", 64, "seed", 5);
        var parsed = RequestParser.parse(request);
        String jobId = JobIds.newJobId();
        try (SqlJobLedger dead = new SqlJobLedger(LedgerSettings.of(url, 2))) {
            LedgerJob claimed = dead.accept(new NewJob(
                            jobId,
                            "local",
                            JobState.CLAIMED,
                            "holder_dead",
                            "5",
                            0.0,
                            null,
                            new LinkedHashMap<>(RequestTree.of(parsed.request())),
                            RequestTree.imageBytes(parsed.request()),
                            null,
                            null,
                            0))
                    .job();
            assertThat(dead.markRunning(claimed)).isPresent(); // then the process "dies": its lease is never renewed
        }
        Injector graph = graph(url, "--backend", "local", "--lease-seconds", "2");
        String base = start(graph);
        graph.getInstance(JobEngine.class).start(); // as serve does: sweeps every half lease
        JsonAssert done = new JsonAssert(get(base + "/v1/jobs/" + jobId, "Prefer", "wait=30"));
        assertThat(done.text("/status")).isEqualTo("success");
        assertThat(done.node.get("images")).hasSize(2);
        String firstAsset = done.text("/images/0/assetId");
        assertThat(Files.exists(Path.of(done.text("/images/0/path")))).isTrue();
        assertThat(firstAsset)
                .as("derived from the job id: a run again writes the same ids")
                .startsWith("asset_");
        stop(graph);
    }

    /**
     * Canceled at once, possibly before any sample. That it stops between samples is proven by
     * {@code QueueGraphTest}; that it keeps what it saved, by the next test.
     */
    @Test
    void aLongLocalJobCanceledAtOnceStaysCanceledAndStopsBeforeItsSamplesAreDone() throws Exception {
        Injector graph = graph(TempLedger.url(folder), "--backend", "local");
        String base = start(graph);
        HttpResponse<String> started = post(
                base + "/v1/generate/img2img",
                body("modelId", "model_local", "numSamples", 128, "width", 1024, "height", 1024),
                "Prefer",
                "wait=0");
        String jobId = json(started).get("jobId").asText();
        HttpResponse<String> canceled = HttpCalls.CLIENT.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v1/jobs/" + jobId))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(canceled.statusCode()).as(canceled.body()).isEqualTo(200);
        assertThat(json(canceled).get("status").asText()).isEqualTo("canceled");
        JsonAssert after = new JsonAssert(get(base + "/v1/jobs/" + jobId, "Prefer", "wait=5"));
        assertThat(after.text("/status")).as("a canceled job stays canceled").isEqualTo("canceled");
        stop(graph);
        try (var files = Files.list(folder.resolve("out"))) {
            assertThat(files.count()).as("stopped long before its 128 samples").isLessThan(128);
        }
    }

    @Test
    void aLocalJobListsItsImagesAsTheyAreSavedAndACanceledOneKeepsThem() throws Exception {
        Injector graph = graph(TempLedger.url(folder), "--backend", "local");
        String base = start(graph);
        String jobId = json(post(
                        base + "/v1/generate/img2img",
                        body("modelId", "model_local", "numSamples", 64, "width", 1024, "height", 1024),
                        "Prefer",
                        "wait=0"))
                .get("jobId")
                .asText();
        com.fasterxml.jackson.databind.JsonNode running = io.img2img.application.testkit.Await.until(
                () -> json(get(base + "/v1/jobs/" + jobId)),
                j -> j.path("images").size() >= 2,
                Duration.ofSeconds(60));
        assertThat(running.get("status").asText())
                .as("images shown before the job ends")
                .isEqualTo("in-progress");

        HttpResponse<String> canceled = HttpCalls.CLIENT.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v1/jobs/" + jobId))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        com.fasterxml.jackson.databind.JsonNode ended = json(get(base + "/v1/jobs/" + jobId, "Prefer", "wait=5"));
        assertThat(ended.get("status").asText()).as(canceled.body()).isEqualTo("canceled");
        assertThat(ended.get("images").size())
                .as("the images saved before the cancel are kept, listed")
                .isGreaterThanOrEqualTo(2)
                .isLessThan(64);
        for (int i = 0; i < 2; i++) {
            assertThat(ended.get("images").get(i).get("assetId").asText())
                    .as("in sample order, as first listed")
                    .isEqualTo(running.get("images").get(i).get("assetId").asText());
        }
        for (com.fasterxml.jackson.databind.JsonNode image : ended.get("images")) {
            assertThat(Path.of(image.get("path").asText())).exists();
        }
        stop(graph);
    }

    @Test
    void anUnwritableLedgerRefusesGenerationsNamingItWhileDryRunsWork() throws Exception {
        Path file = Files.writeString(folder.resolve("not-a-folder"), "x");
        Injector graph = graph("jdbc:sqlite:" + file.resolve("img2img.db"), "--backend", "local");
        String base = start(graph);
        HttpResponse<String> refused = post(base + "/v1/generate/img2img", body("modelId", "model_local"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(json(refused).get("code").asText()).isEqualTo("ledger-unavailable");
        assertThat(json(refused).get("detail").asText())
                .contains(file.toString())
                .doesNotContain("Exception", "at org.");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(post(base + "/v1/generate/img2img?dryRun=true", body("modelId", "model_local"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(base + "/v1/jobs").statusCode()).isEqualTo(503);
        assertThat(Files.list(folder.resolve("out")).count())
                .as("nothing was rendered")
                .isZero();
        stop(graph);
    }

    /** A JSON answer read by pointer. */
    private record JsonAssert(com.fasterxml.jackson.databind.JsonNode node) {
        JsonAssert(HttpResponse<String> response) throws Exception {
            this(json(response));
        }

        String text(String pointer) {
            return node.at(pointer).asText();
        }
    }
}
