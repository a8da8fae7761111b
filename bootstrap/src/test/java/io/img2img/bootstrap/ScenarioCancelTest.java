package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.adapter.ledger.LazyLedger;
import io.img2img.adapter.ledger.testkit.PostgresTestServer;
import io.img2img.application.job.JobEngine;
import io.img2img.application.testkit.Await;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cancelling a job that runs at Scenario (SPEC §6 {@code DELETE /v1/jobs/{jobId}}), two nodes on one ledger of each
 * engine, Scenario a MockWebServer: the cancel action is sent exactly once whoever asks and however often, the job
 * answers {@code canceling} until Scenario reports its end, and ends as Scenario says.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ScenarioCancelTest.Engine.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScenarioCancelTest {
    enum Engine {
        SQLITE,
        POSTGRESQL
    }

    @Parameter
    Engine engine;

    @TempDir
    Path folder;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private PostgresTestServer.Settings postgres;
    private String database;

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        if (database != null) {
            postgres.dropDatabase(database);
        }
    }

    /** Scenario's API as job-cancel.md describes it: one job, its status set by the test. */
    static final class Scenario extends Dispatcher implements AutoCloseable {
        final MockWebServer api = new MockWebServer();
        final MockWebServer cdn = new MockWebServer();
        final List<RecordedRequest> actions = new CopyOnWriteArrayList<>();
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger heldPolls = new AtomicInteger();
        /** What a poll answers: the job's status and assets, as Scenario's {@code job} object. */
        volatile String job = job("in-progress", 0.4, "");
        /** What the cancel action answers; a 2xx also makes the job canceled once {@link #mayCancel}. */
        volatile MockResponse actionAnswer = FakeScenario.json(200, "{}");

        volatile boolean mayCancel;
        volatile boolean canceledByAction;
        /** When set, a poll waits for it (the holder is mid-poll while the test acts). */
        volatile CountDownLatch pollGate;

        Scenario() throws Exception {
            api.setDispatcher(this);
            api.start();
            cdn.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder()
                            .code(200)
                            .addHeader("Content-Type", "image/png")
                            .body(new okio.Buffer().write(FakeScenario.png()))
                            .build();
                }
            });
            cdn.start();
        }

        static String job(String status, double progress, String assetIds) {
            return "{\"job\":{\"jobId\":\"job_atScenario\",\"status\":\"" + status + "\",\"progress\":" + progress
                    + ",\"metadata\":{\"assetIds\":[" + assetIds + "]}}}";
        }

        String baseUrl() {
            return api.url("/v1").toString();
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            if (path.equals("/v1/models/model_sdxl")) {
                return FakeScenario.json(200, """
                        {"model":{"id":"model_sdxl","type":"sd-xl","status":"trained","capabilities":["txt2img","img2img"],
                        "custom":false,"compliantModelIds":[]}}""");
            }
            if (path.equals("/v1/generate/img2img")) {
                return "true".equals(request.getUrl().queryParameter("dryRun"))
                        ? FakeScenario.json(269, "{\"creativeUnitsCost\":12}")
                        : FakeScenario.json(200, """
                                {"creativeUnitsCost":12,"job":{"jobId":"job_atScenario","status":"queued",
                                "progress":0,"metadata":{}}}""");
            }
            if (path.equals("/v1/jobs/job_atScenario/action")
                    && request.getMethod().equals("POST")) {
                actions.add(request);
                MockResponse answer = actionAnswer;
                if (answer.getCode() / 100 == 2) {
                    canceledByAction = true;
                }
                return answer;
            }
            if (path.equals("/v1/jobs/job_atScenario")) {
                polls.incrementAndGet();
                CountDownLatch gate = pollGate;
                if (gate != null) {
                    heldPolls.incrementAndGet();
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return canceledByAction && mayCancel
                        ? FakeScenario.json(200, job("canceled", 0.5, "\"asset_madeBeforeCancel\""))
                        : FakeScenario.json(200, job);
            }
            if (path.startsWith("/v1/assets/asset_")) {
                String id = path.substring("/v1/assets/".length());
                return FakeScenario.json(
                        200,
                        "{\"asset\":{\"id\":\"" + id + "\",\"mimeType\":\"image/png\",\"url\":\""
                                + cdn.url("/signed/" + id + ".png") + "\"}}");
            }
            return FakeScenario.json(404, "{\"message\":\"no route\"}");
        }

        @Override
        public void close() {
            CountDownLatch gate = pollGate;
            if (gate != null) {
                gate.countDown();
            }
            api.close();
            cdn.close();
        }
    }

    private <T extends AutoCloseable> T open(T c) {
        opened.add(c);
        return c;
    }

    /** A node of img2img serve on the test's one ledger, Scenario at the stand-in. */
    private InProcessServer node(Scenario scenario) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("IMG2IMG_LEASE_SECONDS", "2"));
        String url;
        if (engine == Engine.SQLITE) {
            url = TempLedger.url(folder);
        } else {
            if (database == null) {
                postgres = PostgresTestServer.require();
                database = postgres.createDatabase();
            }
            url = postgres.urlOf(database);
            settings.put("IMG2IMG_DATABASE_USER", postgres.user());
            settings.put("IMG2IMG_DATABASE_PASSWORD", postgres.password());
        }
        Files.createDirectories(folder.resolve("out"));
        InProcessServer node = InProcessServer.scenario(folder.resolve("out"), scenario.baseUrl(), url, settings);
        opened.add(() -> {
            node.close();
            node.injector.getInstance(JobEngine.class).stop(Duration.ofSeconds(2));
            node.injector.getInstance(LazyLedger.class).close();
        });
        return node;
    }

    private static HttpResponse<String> delete(InProcessServer node, String jobId) throws Exception {
        return HttpCalls.CLIENT.send(
                HttpRequest.newBuilder(URI.create(node.base + "/v1/jobs/" + jobId))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A job accepted on {@code node} and submitted to Scenario (the holder polls it). */
    private static String submitted(InProcessServer node, Scenario scenario) throws Exception {
        HttpResponse<String> accepted = post(
                node.base + "/v1/generate/img2img", body("modelId", "model_sdxl", "numSamples", 2), "Prefer", "wait=0");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        Await.until(scenario.polls::get, n -> n > 0, Duration.ofSeconds(20));
        assertThat(scenario.polls.get()).as("the job reached Scenario").isPositive();
        return json(accepted).get("jobId").asText();
    }

    private static JsonNode ended(InProcessServer node, String jobId) throws Exception {
        HttpResponse<String> done = get(node.base + "/v1/jobs/" + jobId, "Prefer", "wait=60");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        return json(done);
    }

    @Test
    void twoNodesAndARetriedDeleteSendOneCancelActionAndTheJobEndsCanceledKeepingItsImages() throws Exception {
        Scenario scenario = open(new Scenario());
        InProcessServer holder = node(scenario);
        InProcessServer other = node(scenario);
        String jobId = submitted(holder, scenario);

        ExecutorService callers = Executors.newFixedThreadPool(2);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<HttpResponse<String>>> deletes = new ArrayList<>();
            for (InProcessServer node : List.of(holder, other)) {
                deletes.add(callers.submit(() -> {
                    together.await();
                    return delete(node, jobId);
                }));
            }
            for (Future<HttpResponse<String>> d : deletes) {
                answers.add(d.get());
            }
        } finally {
            callers.shutdownNow();
        }
        answers.add(delete(other, jobId)); // a client that retries
        answers.add(delete(holder, jobId));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            assertThat(json(answer).get("status").asText()).isEqualTo("canceling");
            assertThat(answer.headers().firstValue("Location")).hasValue("/v1/jobs/" + jobId);
        }
        assertThat(scenario.actions)
                .as("one cancel action across two nodes and retries")
                .hasSize(1);
        RecordedRequest action = scenario.actions.get(0);
        assertThat(action.getBody().utf8()).isEqualTo("{\"action\":\"cancel\"}");
        assertThat(action.getHeaders().get("Authorization")).startsWith("Basic ");
        HttpResponse<String> meanwhile = get(other.base + "/v1/jobs/" + jobId);
        assertThat(meanwhile.statusCode()).isEqualTo(202);
        assertThat(json(meanwhile).get("status").asText()).isEqualTo("canceling");

        scenario.mayCancel = true;
        JsonNode canceled = ended(other, jobId);
        assertThat(canceled.get("status").asText()).isEqualTo("canceled");
        assertThat(canceled.at("/error/code").asText()).isEqualTo("job-canceled");
        assertThat(canceled.get("images"))
                .as("what Scenario made before the cancel is kept and listed")
                .extracting(i -> i.get("assetId").asText())
                .containsExactly("asset_madeBeforeCancel");
        assertThat(get(other.base + canceled.at("/images/0/url").asText().replaceFirst("^https?://[^/]+", ""))
                        .statusCode())
                .isEqualTo(200);
        assertThat(delete(other, jobId).statusCode())
                .as("ended: its final result")
                .isEqualTo(200);
        assertThat(scenario.actions).hasSize(1);
    }

    @Test
    void anMcpClientCancelsAScenarioJobWithCancelImg2imgJobOnceAndFollowsItToItsEnd() throws Exception {
        Scenario scenario = open(new Scenario());
        InProcessServer holder = node(scenario);
        InProcessServer other = node(scenario);
        String jobId = submitted(holder, scenario);
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(other.base)
                        .endpoint("/mcp")
                        .build())
                .requestTimeout(Duration.ofSeconds(60))
                .build();
        opened.add(client::closeGracefully);
        client.initialize();
        McpSchema.Tool tool = McpTestSupport.tool(client.listTools().tools(), "cancel-img2img-job");
        assertThat(tool.annotations().destructiveHint()).isTrue();
        assertThat(tool.annotations().readOnlyHint()).isFalse();
        assertThat(tool.inputSchema().get("required")).isEqualTo(List.of("jobId"));

        for (int call = 0; call < 2; call++) { // an agent that retries
            McpSchema.CallToolResult asked =
                    McpTestSupport.call(client, "cancel-img2img-job", Map.of("jobId", jobId), null);
            assertThat(asked.isError()).as(McpTestSupport.text(asked)).isFalse();
            assertThat(McpTestSupport.structured(asked).get("status").asText()).isEqualTo("canceling");
            assertThat(McpTestSupport.text(asked)).contains("get-img2img-job", jobId);
        }
        assertThat(scenario.actions).as("one cancel action").hasSize(1);

        scenario.mayCancel = true;
        McpSchema.CallToolResult done = McpTestSupport.call(client, "get-img2img-job", Map.of("jobId", jobId), null);
        assertThat(McpTestSupport.structured(done).get("status").asText()).isEqualTo("canceled");
        assertThat(done.isError())
                .as("a canceled job is an isError result the agent notices")
                .isTrue();
        assertThat(McpTestSupport.structured(done).at("/images/0/assetId").asText())
                .isEqualTo("asset_madeBeforeCancel");
        McpSchema.CallToolResult unknown =
                McpTestSupport.call(client, "cancel-img2img-job", Map.of("jobId", "job_noSuchJobAnywhere1"), null);
        assertThat(unknown.isError()).isTrue();
        assertThat(McpTestSupport.structured(unknown).at("/error/code").asText())
                .isEqualTo("unknown-job");
    }

    @Test
    void aCancelingJobWhoseHolderStoppedIsFollowedByAnotherNodeWhichNeverSendsTheCancelAgain() throws Exception {
        Scenario scenario = open(new Scenario());
        InProcessServer holder = node(scenario);
        InProcessServer other = node(scenario);
        String jobId = submitted(holder, scenario);
        // the other node reads the job (as serve, it keeps the ledger from then on: an in-process graph opens it on
        // first use)
        assertThat(json(get(other.base + "/v1/jobs/" + jobId)).get("status").asText())
                .isEqualTo("in-progress");
        assertThat(delete(holder, jobId).statusCode()).isEqualTo(202);

        holder.injector.getInstance(JobEngine.class).stop(Duration.ofSeconds(2)); // its canceling job is let go
        int pollsBefore = scenario.polls.get();
        Await.until(scenario.polls::get, n -> n > pollsBefore + 1, Duration.ofSeconds(30));
        assertThat(scenario.polls.get()).as("the other node follows the job").isGreaterThan(pollsBefore + 1);
        scenario.mayCancel = true;
        assertThat(ended(other, jobId).get("status").asText()).isEqualTo("canceled");
        assertThat(scenario.actions).as("the cancel is never sent again").hasSize(1);
    }

    @Test
    void aJobThatSucceededBeforeTheCancelArrivedReportsSuccess() throws Exception {
        Scenario scenario = open(new Scenario());
        InProcessServer node = node(scenario);
        String jobId = submitted(node, scenario);
        scenario.pollGate = new CountDownLatch(1); // the holder's next poll is on its way when the cancel arrives
        Await.until(scenario.heldPolls::get, n -> n > 0, Duration.ofSeconds(20));
        scenario.job = Scenario.job("success", 1, "\"asset_one\",\"asset_two\"");
        scenario.actionAnswer = FakeScenario.json(400, "{\"message\":\"Job is already finished\"}");

        HttpResponse<String> asked = delete(node, jobId);
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        assertThat(json(asked).get("status").asText()).isEqualTo("canceling");
        scenario.pollGate.countDown();

        JsonNode done = ended(node, jobId);
        assertThat(done.get("status").asText()).as("its real end").isEqualTo("success");
        assertThat(done.has("error")).isFalse();
        assertThat(done.get("images"))
                .extracting(i -> i.get("assetId").asText())
                .containsExactly("asset_one", "asset_two");
        assertThat(scenario.actions).hasSize(1);
    }

    @Test
    void aCancelScenarioDidNotConfirmLeavesTheJobFollowedToTheEndScenarioReports() throws Exception {
        Scenario scenario = open(new Scenario());
        InProcessServer node = node(scenario);
        String jobId = submitted(node, scenario);
        scenario.actionAnswer = FakeScenario.json(500, "{\"message\":\"internal error\"}");

        HttpResponse<String> asked = delete(node, jobId);
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        assertThat(json(asked).get("status").asText()).isEqualTo("canceling");
        int pollsBefore = scenario.polls.get();
        Await.until(scenario.polls::get, n -> n > pollsBefore + 1, Duration.ofSeconds(30));
        HttpResponse<String> still = get(node.base + "/v1/jobs/" + jobId);
        assertThat(json(still).get("status").asText())
                .as("not confirmed: still followed, still canceling")
                .isEqualTo("canceling");
        assertThat(delete(node, jobId).statusCode()).isEqualTo(202);
        assertThat(scenario.actions).as("not sent again").hasSize(1);

        scenario.job = Scenario.job("failure", 0.7, "");
        JsonNode done = ended(node, jobId);
        assertThat(done.get("status").asText()).isEqualTo("failure");
        assertThat(done.at("/error/code").asText()).isEqualTo("job-failed");
    }
}
