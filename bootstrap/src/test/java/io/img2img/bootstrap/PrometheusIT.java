package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.adapter.ledger.testkit.PostgresTestServer;
import io.img2img.application.testkit.Await;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe of deploy/ at work (issue #23): Debian's prometheus, set up as deploy/README.md says, scrapes two
 * {@code serve} nodes (the fat jar) on one PostgreSQL database of the test's own; after a known set of jobs (one
 * failed, two running, three queued of which one is canceled) PromQL over its HTTP API gives the expected sums.
 * Then one node's database connection is cut (a relay in front of the database for that node only; the shared
 * server is never stopped): that node answers 503 at {@code /health/ready} and its ledger failures show, and
 * haproxy running deploy/haproxy.cfg stops routing to it.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class PrometheusIT {
    private static final String TOKEN = "prometheus-it-token-0123456789";

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private PostgresTestServer.Settings server;
    private String database;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // the next one still closes
            }
        }
        if (server != null) {
            server.dropDatabase(database);
        }
    }

    @Test
    void prometheusSumsTheJobsOfTwoNodesAndTheBalancerLeavesTheNodeThatLostItsDatabase() throws Exception {
        Path prometheus = PrometheusTools.require("prometheus");
        Path haproxy = Balancer.require();
        server = PostgresTestServer.require();
        database = server.createDatabase();
        FakeScenario scenario = new FakeScenario();
        open.add(scenario);
        scenario.distinctJobs();
        scenario.jobsMayEnd = false; // a submitted job holds its node's one slot for the whole test
        URI pg = URI.create(server.urlOf(database).substring("jdbc:".length()));
        CuttableRelay relay = new CuttableRelay(pg.getHost(), pg.getPort());
        open.add(relay);

        int lbPort = Balancer.freePort();
        Map<String, String> envA = NodeCluster.nodeEnv(
                server,
                database,
                dir,
                "http://127.0.0.1:" + lbPort,
                "SCENARIO_API_URL",
                scenario.baseUrl(),
                "SCENARIO_API_KEY",
                "k",
                "SCENARIO_API_SECRET",
                "s",
                "IMG2IMG_API_TOKEN",
                TOKEN,
                "IMG2IMG_MAX_CONCURRENT_JOBS",
                "1",
                "IMG2IMG_MAX_CREATIVE_UNITS",
                "100");
        Map<String, String> envB = new java.util.LinkedHashMap<>(envA);
        envB.put("IMG2IMG_DATABASE_URL", relay.through(server.urlOf(database)));
        CompletableFuture<ServeProcess> startingA = CompletableFuture.supplyAsync(() -> start(envA));
        CompletableFuture<ServeProcess> startingB = CompletableFuture.supplyAsync(() -> start(envB));
        ServeProcess a = startingA.join();
        open.add(a);
        ServeProcess b = startingB.join();
        open.add(b);
        String instanceA = URI.create(a.base).getAuthority();
        String instanceB = URI.create(b.base).getAuthority();

        Path config = PrometheusTools.recipeIn(dir, TOKEN, instanceA, instanceB);
        Files.writeString(
                config,
                Files.readString(config)
                        .replace("scrape_interval: 15s", "scrape_interval: 1s")
                        .replace("evaluation_interval: 15s", "evaluation_interval: 1s"));
        int promPort = Balancer.freePort();
        Process prom = new ProcessBuilder(
                        prometheus.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        open.add(() -> {
            prom.destroy();
            prom.waitFor(10, TimeUnit.SECONDS);
        });
        String promUrl = "http://127.0.0.1:" + promPort;

        // one job the backend refuses: it fails before anything starts
        scenario.postAnswer = FakeScenario.json(400, "{\"message\":\"bad prompt\"}");
        HttpResponse<String> refused = post(a.url("/v1/generate/img2img"), job(1), auth());
        assertThat(refused.statusCode()).as(refused.body()).isGreaterThanOrEqualTo(400);
        scenario.postAnswer = null;
        // one job running on each node (Scenario keeps them in progress) ...
        assertThat(post(a.url("/v1/generate/img2img"), job(2), auth("Prefer", "wait=0"))
                        .statusCode())
                .isEqualTo(202);
        assertThat(post(b.url("/v1/generate/img2img"), job(3), auth("Prefer", "wait=0"))
                        .statusCode())
                .isEqualTo(202);
        Await.until(scenario.generationPosts::get, n -> n == 3, Duration.ofSeconds(20));
        // ... so three more wait in the queue; one of them is canceled
        List<String> queued = new ArrayList<>();
        for (int i = 4; i <= 6; i++) {
            HttpResponse<String> r = post(a.url("/v1/generate/img2img"), job(i), auth("Prefer", "wait=0"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(json(r).get("status").asText()).isEqualTo("queued");
            queued.add(json(r).get("jobId").asText());
        }
        HttpResponse<String> canceled = HttpCalls.CLIENT.send(
                HttpRequest.newBuilder(URI.create(a.url("/v1/jobs/" + queued.get(0))))
                        .header("Authorization", "Bearer " + TOKEN)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(canceled.statusCode()).as(canceled.body()).isEqualTo(200);

        // PromQL over Prometheus's HTTP API: the sums over both nodes
        awaitValue(promUrl, "sum(img2img_jobs_accepted_total)", 6);
        awaitValue(promUrl, "count(up{job=\"img2img\"} == 1)", 2);
        awaitValue(promUrl, "sum(img2img_jobs_ended_total{state=\"failure\",error_code=\"upstream-rejected\"})", 1);
        awaitValue(promUrl, "sum(img2img_jobs_ended_total{state=\"canceled\"})", 1);
        awaitValue(promUrl, "sum(img2img_jobs_ended_total)", 2);
        awaitValue(promUrl, "sum(img2img_jobs_ended_total{state=\"outcome_unknown\"})", 0);
        awaitValue(promUrl, "sum(img2img_paid_posts_total)", 3);
        awaitValue(promUrl, "sum(img2img_creative_units_priced_total)", 6 * 12);
        awaitValue(promUrl, "sum(img2img_creative_units_billed_total)", 2 * 12);
        awaitValue(promUrl, "max(img2img_queue_jobs)", 2);
        awaitValue(promUrl, "sum(img2img_slots_in_use)", 2);
        awaitValue(promUrl, "count(max by (backend_identity) (img2img_queue_oldest_age_seconds) >= 0)", 1);
        awaitValue(promUrl, "sum(img2img_ledger_failures_total) or vector(0)", 0);
        awaitValue(
                promUrl,
                "sum(http_server_requests_seconds_count{route=\"/v1/jobs/{jobId}\",method=\"DELETE\",status=\"200\"})",
                1);
        // a rule's health is "unknown" until its first evaluation
        JsonNode rules = Await.until(
                () -> HttpCalls.JSON.readTree(get(promUrl + "/api/v1/rules").body()),
                r -> r.at("/data/groups/0/rules").size() == 5
                        && java.util.stream.StreamSupport.stream(
                                        r.at("/data/groups/0/rules").spliterator(), false)
                                .noneMatch(rule -> rule.get("health").asText().equals("unknown")),
                Duration.ofSeconds(20));
        assertThat(rules.at("/data/groups/0/rules"))
                .as("the recipe's alert rules are loaded and healthy")
                .hasSize(5)
                .allSatisfy(rule -> assertThat(rule.get("health").asText()).isEqualTo("ok"));

        // readiness drives haproxy: node B loses its database, haproxy stops sending it traffic
        Balancer balancer = Balancer.start(haproxy, lbPort, List.of(a, b, b)); // servers node1, node2, node3
        open.add(balancer);
        relay.cut();
        HttpResponse<String> unready =
                Await.until(() -> get(b.url("/health/ready")), r -> r.statusCode() == 503, Duration.ofSeconds(20));
        assertThat(json(unready).get("status").asText()).isEqualTo("not-ready");
        assertThat(json(unready).get("reasons").get(0).asText()).contains("job ledger");
        assertThat(get(b.url("/health")).statusCode())
                .as("liveness asks nothing of the ledger")
                .isEqualTo(200);
        Await.until(() -> readyInARow(balancer, 12), ok -> ok, Duration.ofSeconds(20));
        assertThat(get(a.url("/health/ready")).statusCode()).isEqualTo(200);
        // and the sick node is named by its metrics
        awaitValue(
                promUrl,
                "count(sum by (instance) (img2img_ledger_failures_total{instance=\"" + instanceB + "\"}) > 0)",
                1);
        awaitValue(promUrl, "count(up{job=\"img2img\"} == 1)", 2);
    }

    /** {@code n} answers of 200 in a row from readiness through the balancer: no request reached node B. */
    private static boolean readyInARow(Balancer balancer, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            if (get(balancer.url("/health/ready")).statusCode() != 200) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> job(int seed) throws java.io.IOException {
        return body("modelId", "model_sdxl", "numSamples", 1, "seed", String.valueOf(seed));
    }

    private static String[] auth(String... more) {
        List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer " + TOKEN));
        headers.addAll(List.of(more));
        return headers.toArray(String[]::new);
    }

    private static ServeProcess start(Map<String, String> env) {
        try {
            return ServeProcess.start(env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the PromQL {@code query} gives {@code expected} (one series); fails naming what it gave. */
    private static void awaitValue(String promUrl, String query, double expected) throws Exception {
        Double seen = Await.until(() -> value(promUrl, query), v -> v != null && v == expected, Duration.ofSeconds(20));
        assertThat(seen).as(query).isEqualTo(expected);
    }

    private static Double value(String promUrl, String query) throws Exception {
        JsonNode answer = HttpCalls.JSON.readTree(
                get(promUrl + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                        .body());
        JsonNode result = answer.at("/data/result");
        return result.size() == 1 ? result.get(0).get("value").get(1).asDouble() : null;
    }
}
