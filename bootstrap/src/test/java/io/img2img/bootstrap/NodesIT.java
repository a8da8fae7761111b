package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Many nodes on one PostgreSQL (issue #15): three {@code serve} processes of the fat jar behind haproxy running
 * {@code deploy/haproxy.cfg}, Scenario on MockWebServer. One database and one cluster for every case here; the
 * case that kills a node runs last, and node death with local jobs has a class of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodesIT {
    static final String GENERATE = "/v1/generate/img2img";
    static final String[] AUTH = {"Authorization", "Bearer " + NodeCluster.TOKEN};

    private FakeScenario scenario;
    private NodeCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        scenario = new FakeScenario();
        scenario.distinctJobs();
        Path dir = Files.createTempDirectory("img2img-nodes");
        cluster = NodeCluster.start(
                dir, scenarioEnv(scenario, "IMG2IMG_MAX_CONCURRENT_JOBS", "2", "IMG2IMG_WAIT_SECONDS", "2"));
        watchClaimOrder(cluster);
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (scenario != null) {
                scenario.close();
            }
        }
    }

    static String[] scenarioEnv(FakeScenario scenario, String... more) {
        List<String> pairs = new ArrayList<>(List.of(
                "IMG2IMG_BACKEND",
                "scenario",
                "SCENARIO_API_KEY",
                "key-ABCDEF123",
                "SCENARIO_API_SECRET",
                "secret-XYZ987",
                "SCENARIO_API_URL",
                scenario.baseUrl(),
                "IMG2IMG_LEASE_SECONDS",
                "3"));
        pairs.addAll(List.of(more));
        return pairs.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void oneIdempotencyKeyPostedToAllThreeNodesAtOnceSendsOnePostUpstream() throws Exception {
        long postsBefore = scenario.generationPostCount();
        Map<String, Object> request = body("modelId", "model_sdxl", "numSamples", 1, "seed", "101");
        ExecutorService clients = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (ServeProcess node : cluster.nodes) {
            answers.add(clients.submit(() -> {
                go.await();
                return post(node.url(GENERATE), request, "Idempotency-Key", "one-key-three-nodes", "Prefer", "wait=0");
            }));
        }
        go.countDown();
        List<String> jobIds = HttpCalls.jobIdsOfOneKey(answers);
        clients.shutdown();
        assertThat(jobIds).isNotEmpty().containsOnly(jobIds.get(0));
        assertThat(followToTheEnd(cluster.lb("/v1/jobs/" + jobIds.get(0)))
                        .get("status")
                        .asText())
                .isEqualTo("success");
        HttpResponse<String> again =
                post(cluster.node(2).url(GENERATE), request, "Idempotency-Key", "one-key-three-nodes");
        assertThat(json(again).get("jobId").asText()).isEqualTo(jobIds.get(0));
        assertThat(scenario.generationPostCount() - postsBefore)
                .as("one POST upstream for one key")
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void aJobStartedOnNodeAIsReadAndFollowedOnNodeBAndItsImagesServedByNodeC() throws Exception {
        HttpResponse<String> accepted = post(
                cluster.node(0).url(GENERATE),
                body("modelId", "model_sdxl", "numSamples", 1, "seed", "202"),
                "Prefer",
                "wait=0");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = json(accepted).get("jobId").asText();

        HttpResponse<String> read = get(cluster.node(1).url("/v1/jobs/" + jobId));
        assertThat(read.statusCode()).as(read.body()).isIn(200, 202);
        assertThat(json(read).get("jobId").asText()).isEqualTo(jobId);
        List<EventStreamClient.Event> events;
        try (EventStreamClient stream =
                new EventStreamClient(cluster.node(1).url("/v1/jobs/" + jobId + "/events"), null, AUTH)) {
            assertThat(stream.response.code()).isEqualTo(200);
            events = stream.rest();
        }
        assertThat(events).isNotEmpty();
        EventStreamClient.Event last = events.get(events.size() - 1);
        assertThat(last.type()).isEqualTo("result");
        JsonNode result = HttpCalls.JSON.readTree(last.data());
        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(result.get("images")).hasSize(1);

        JsonNode image = result.get("images").get(0);
        assertThat(image.has("path") && !image.get("path").isNull())
                .as("no node's disk path: " + image)
                .isFalse();
        String url = image.get("url").asText();
        assertThat(url).startsWith(cluster.balancer.base + "/v1/assets/");
        HttpResponse<byte[]> bytes = HttpCalls.CLIENT.send(
                HttpRequest.newBuilder(
                                URI.create(cluster.node(2).url(URI.create(url).getPath())))
                        .headers(AUTH)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(McpTestSupport.decode(bytes.body()).getWidth()).isPositive();
    }

    @Test
    @Order(3)
    void fortyJobsAtOnceWithTwoSlotsPerNodeAllEndWellAndNeverMoreThanSixRunAtOnce() throws Exception {
        int before = scenario.mostJobsInFlight.get();
        assertThat(before).isLessThanOrEqualTo(6);
        ExecutorService clients = Executors.newFixedThreadPool(40);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, Object> request =
                    body("modelId", "model_sdxl", "numSamples", 1, "seed", String.valueOf(1000 + i));
            answers.add(clients.submit(() -> {
                go.await();
                return post(cluster.lb(GENERATE), request, "Prefer", "wait=0");
            }));
        }
        go.countDown();
        List<String> jobIds = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> r = answer.get(60, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(json(r).get("status").asText()).isIn("queued", "in-progress");
            jobIds.add(json(r).get("jobId").asText());
        }
        clients.shutdown();
        for (String jobId : jobIds) {
            assertThat(followToTheEnd(cluster.lb("/v1/jobs/" + jobId))
                            .get("status")
                            .asText())
                    .as(jobId)
                    .isEqualTo("success");
        }
        assertThat(scenario.mostJobsInFlight.get())
                .as("jobs between their POST and their last poll at once")
                .isBetween(2, 6);
        try (Connection db = cluster.connect();
                Statement sql = db.createStatement();
                ResultSet checks =
                        sql.executeQuery("SELECT COUNT(*), COALESCE(SUM(older_unlocked), 0) FROM claim_checks")) {
            checks.next();
            assertThat(checks.getInt(1))
                    .as("claims of queued jobs seen (a job finding a free slot is not queued)")
                    .isGreaterThanOrEqualTo(10);
            assertThat(checks.getInt(2))
                    .as("claims committed while an older unlocked job was queued")
                    .isZero();
        }
    }

    @Test
    @Order(4)
    void theDatabasePasswordShowsNowhere() throws Exception {
        HttpResponse<String> health = get(cluster.lb("/health"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).doesNotContain(cluster.server.password());
        for (ServeProcess node : cluster.nodes) {
            assertThat(node.stderrText()).doesNotContain(cluster.server.password());
        }
    }

    @Test
    @Order(5)
    void anMcpSessionStaysOnItsNodeAndWhenThatNodeDiesANewSessionFollowsTheJob() throws Exception {
        scenario.jobsMayEnd = false; // the job stays submitted at Scenario while its node dies
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        AtomicReference<String> sessionId = new AtomicReference<>();
        McpSyncClient first = mcpClient(progress, sessionId);
        first.initialize();
        McpSchema.CallToolResult started = McpTestSupport.call(
                first,
                McpTestSupport.GENERATE,
                Map.of(
                        "modelId",
                        "model_sdxl",
                        "prompt",
                        "a lighthouse at dusk",
                        "image",
                        HttpCalls.exampleDataUrl(),
                        "numSamples",
                        1,
                        "seed",
                        303),
                "nodes-progress");
        assertThat(started.isError()).as(McpTestSupport.text(started)).isFalse();
        JsonNode job = McpTestSupport.structured(started);
        assertThat(job.get("status").asText()).isEqualTo("in-progress");
        String jobId = job.get("jobId").asText();
        assertThat(progress)
                .as("progress over the session's stream, through the balancer")
                .anyMatch(n -> "nodes-progress".equals(n.progressToken()));

        assertThat(sessionId.get())
                .as("the session's id, as the client sent it")
                .isNotNull();
        List<ServeProcess> holding = new ArrayList<>();
        for (ServeProcess node : cluster.nodes) {
            if (ping(node.url("/mcp"), sessionId.get()) != 404) {
                holding.add(node);
            }
        }
        assertThat(holding).as("one node knows the session").hasSize(1);
        holding.get(0).kill();
        assertThat(ping(cluster.lb("/mcp"), sessionId.get()))
                .as("a session whose node died")
                .isEqualTo(404);
        first.close();

        scenario.jobsMayEnd = true;
        McpSyncClient second = mcpClient(new CopyOnWriteArrayList<>(), new AtomicReference<>());
        second.initialize();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2 * 3 + 30);
        JsonNode followed;
        do {
            McpSchema.CallToolResult read =
                    McpTestSupport.call(second, McpTestSupport.GET_JOB, Map.of("jobId", jobId), null);
            assertThat(read.isError()).as(McpTestSupport.text(read)).isFalse();
            followed = McpTestSupport.structured(read);
        } while (!followed.get("status").asText().equals("success") && System.nanoTime() < deadline);
        assertThat(followed.get("status").asText()).as(followed.toString()).isEqualTo("success");
        assertThat(followed.get("images")).hasSize(1);
        second.close();
    }

    private McpSyncClient mcpClient(List<McpSchema.ProgressNotification> progress, AtomicReference<String> sessionId) {
        return McpClient.sync(HttpClientStreamableHttpTransport.builder(cluster.balancer.base)
                        .endpoint("/mcp")
                        .addHttpRequestCustomizer((builder, method, uri, body, context) -> {
                            builder.header(AUTH[0], AUTH[1]);
                            builder.copy()
                                    .build()
                                    .headers()
                                    .firstValue("Mcp-Session-Id")
                                    .ifPresent(sessionId::set);
                        })
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress::add)
                .build();
    }

    /** A JSON-RPC ping in a session, sent by hand: 404 when the node answering does not know the session. */
    private static int ping(String mcpUrl, String sessionId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(mcpUrl))
                .timeout(Duration.ofSeconds(10))
                .headers(AUTH)
                .header("Mcp-Session-Id", sessionId)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":\"ping-1\",\"method\":\"ping\"}"))
                .build();
        return HttpCalls.CLIENT
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /**
     * Every claim of a queued job is checked in its own transaction: older queued jobs of the same backend that no
     * other claim holds locked (FOR KEY SHARE SKIP LOCKED skips those) must not exist.
     */
    static void watchClaimOrder(NodeCluster cluster) throws Exception {
        try (Connection db = cluster.connect();
                Statement sql = db.createStatement()) {
            sql.execute("SELECT 1 FROM jobs LIMIT 1"); // the schema exists: the nodes migrated it at start
            sql.execute("CREATE TABLE claim_checks (job_id TEXT NOT NULL, older_unlocked INTEGER NOT NULL)");
            sql.execute("""
                    CREATE FUNCTION check_claim_order() RETURNS trigger AS $$
                    DECLARE older INTEGER;
                    BEGIN
                      SELECT COUNT(*) INTO older FROM (SELECT 1 FROM jobs WHERE backend_identity = NEW.backend_identity
                        AND state = 'queued' AND queue_order < NEW.queue_order AND job_id <> NEW.job_id
                        FOR KEY SHARE SKIP LOCKED) AS unlocked;
                      INSERT INTO claim_checks VALUES (NEW.job_id, older);
                      RETURN NEW;
                    END $$ LANGUAGE plpgsql""");
            sql.execute("CREATE TRIGGER claim_order AFTER UPDATE OF state ON jobs FOR EACH ROW "
                    + "WHEN (OLD.state = 'queued' AND NEW.state = 'claimed') EXECUTE FUNCTION check_claim_order()");
        }
    }

    static HttpResponse<String> post(String url, Map<String, Object> body, String... headers) throws Exception {
        return HttpCalls.post(url, body, withAuth(headers));
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        return HttpCalls.get(url, withAuth(headers));
    }

    private static String[] withAuth(String... headers) {
        List<String> all = new ArrayList<>(List.of(AUTH));
        all.addAll(List.of(headers));
        return all.toArray(String[]::new);
    }

    /** GET the job with a wait until it has ended; every answer on the way is 200 or 202, never 404. */
    static JsonNode followToTheEnd(String jobUrl) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            HttpResponse<String> r = get(jobUrl, "Prefer", "wait=20");
            assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
            if (r.statusCode() == 200 || System.nanoTime() - deadline > 0) {
                return json(r);
            }
        }
    }
}
