package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.adapter.ledger.testkit.PostgresTestServer;
import io.img2img.application.testkit.Await;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code IMG2IMG_LOG_FORMAT=json} (issue 23, logs that follow a job): {@code serve} on Scenario (MockWebServer),
 * a PostgreSQL ledger with a password and an API token runs jobs; every stderr line is one JSON object, every line
 * about a job carries its id (on every thread that works for it), the acceptance line the request's id, every
 * line after the engine started this node's id, and no secret appears anywhere.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JsonLogsIT {
    private static final String KEY = "key-LOGS-4f1c9a";
    private static final String SECRET = "secret-LOGS-77d0b3e2";
    private static final String TOKEN = "token-LOGS-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void everyLineIsJsonEveryJobLineCarriesItsIdAndNoSecretAppears() throws Exception {
        PostgresTestServer.Settings pg = PostgresTestServer.require();
        String database = pg.createDatabase();
        List<String> stderr;
        Map<String, String> requestOf = new LinkedHashMap<>(); // job id -> the request id it was accepted under
        try (FakeScenario scenario = new FakeScenario()) {
            scenario.distinctJobs();
            ServeProcess serve = ServeProcess.start(ServeProcess.env(
                    dir,
                    "IMG2IMG_LOG_FORMAT",
                    "json",
                    "IMG2IMG_MAX_CONCURRENT_JOBS", // one slot: the later jobs are queued, then claimed by the keeper
                    "1",
                    "IMG2IMG_BACKEND",
                    "scenario",
                    "SCENARIO_API_KEY",
                    KEY,
                    "SCENARIO_API_SECRET",
                    SECRET,
                    "SCENARIO_API_URL",
                    scenario.baseUrl(),
                    "IMG2IMG_API_TOKEN",
                    TOKEN,
                    "IMG2IMG_DATABASE_URL",
                    pg.urlOf(database),
                    "IMG2IMG_DATABASE_USER",
                    pg.user(),
                    "IMG2IMG_DATABASE_PASSWORD",
                    pg.password()));
            try (serve) {
                String auth = "Bearer " + TOKEN;
                // the caller's id is kept and echoed
                HttpResponse<String> a = generate(serve, "Authorization", auth, "X-Request-Id", "req-A.42");
                assertThat(a.headers().firstValue("X-Request-Id")).hasValue("req-A.42");
                requestOf.put(json(a).get("jobId").asText(), "req-A.42");
                // a W3C trace's id is kept
                String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
                HttpResponse<String> b =
                        generate(serve, "Authorization", auth, "traceparent", "00-" + trace + "-00f067aa0ba902b7-01");
                assertThat(b.headers().firstValue("X-Request-Id")).hasValue(trace);
                requestOf.put(json(b).get("jobId").asText(), trace);
                // an id that could write into the log is replaced by a made one, as is a missing one
                HttpResponse<String> c =
                        generate(serve, "Authorization", auth, "X-Request-Id", "x\"}{\"level\":\"ERROR");
                String made = c.headers().firstValue("X-Request-Id").orElseThrow();
                assertThat(made).matches("[0-9a-f]{32}");
                requestOf.put(json(c).get("jobId").asText(), made);
                // a refused request has its id too
                HttpResponse<String> refused = generate(serve);
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.headers().firstValue("X-Request-Id")).isPresent();

                for (String jobId : requestOf.keySet()) {
                    JsonNode done = followToTheEnd(serve, jobId);
                    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("success");
                }
                // a tool call over MCP's HTTP transport runs on the SDK's threads: the request's id goes with it
                requestOf.put(mcpGenerate(serve, "mcp-req-9"), "mcp-req-9");
                // the job's last line ("ended") is written right after the ledger's: wait for it
                Await.until(
                        () -> serve.stderr.stream()
                                .filter(l -> l.contains("ended: success"))
                                .count(),
                        n -> n == requestOf.size(),
                        Duration.ofSeconds(30));
                // read while it runs: a reader racing the process's exit can lose the stream (ServeProcess)
                stderr = new ArrayList<>(serve.stderr);
            }
        } finally {
            pg.dropDatabase(database);
        }

        List<JsonNode> lines = new ArrayList<>();
        assertThat(stderr).as("lines that are not one JSON object").allMatch(JsonLogsIT::isJsonObject);
        for (String line : stderr) {
            JsonNode node = HttpCalls.JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.get("timestamp").isNumber()).as(line).isTrue();
            assertThat(node.get("level").asText()).as(line).isNotEmpty();
            assertThat(node.get("loggerName").asText()).as(line).isNotEmpty();
            assertThat(node.get("formattedMessage").asText()).as(line).isNotEmpty();
            lines.add(node);
        }
        assertThat(lines)
                .anySatisfy(l -> assertThat(l.get("formattedMessage").asText()).contains("listening on"));

        for (Map.Entry<String, String> job : requestOf.entrySet()) {
            String jobId = job.getKey();
            List<JsonNode> about = lines.stream()
                    .filter(l -> l.get("formattedMessage").asText().contains(jobId))
                    .toList();
            assertThat(about)
                    .as("the lines about " + jobId)
                    .extracting(l -> l.get("formattedMessage").asText())
                    .anySatisfy(m -> assertThat(m).contains("accepted"))
                    .anySatisfy(m -> assertThat(m).contains("submitted as backend job"))
                    .anySatisfy(m -> assertThat(m).contains("ended: success"));
            assertThat(about).allSatisfy(l -> {
                assertThat(l.at("/mdc/jobId").asText()).as(l.toString()).isEqualTo(jobId);
                assertThat(l.at("/context/properties/nodeId").asText())
                        .as(l.toString())
                        .startsWith("holder_");
            });
            assertThat(about)
                    .filteredOn(l -> l.get("formattedMessage").asText().contains("accepted"))
                    .singleElement()
                    .satisfies(l -> assertThat(l.at("/mdc/requestId").asText()).isEqualTo(job.getValue()));
        }
        assertThat(lines)
                .as("jobs claimed from the queue, on the keeper's thread")
                .anySatisfy(l -> {
                    assertThat(l.get("formattedMessage").asText()).contains("claimed from the queue");
                    assertThat(l.get("threadName").asText()).isEqualTo("img2img-ledger-keeper");
                });
        // whatever a job's own thread logs is that job's
        assertThat(lines)
                .filteredOn(l -> l.get("threadName").asText().equals("img2img-job"))
                .isNotEmpty()
                .allSatisfy(l ->
                        assertThat(requestOf).containsKey(l.at("/mdc/jobId").asText()));

        String all = String.join("\n", stderr);
        String basic = Base64.getEncoder().encodeToString((KEY + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        for (String secret : List.of(KEY, SECRET, basic, TOKEN, pg.password())) {
            assertThat(all).as("a secret in the log").doesNotContain(secret);
        }
    }

    private static boolean isJsonObject(String line) {
        try {
            return HttpCalls.JSON.readTree(line).isObject();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** An MCP session over HTTP whose one tool call makes a job; its id. */
    private static String mcpGenerate(ServeProcess serve, String requestId) throws Exception {
        List<String> headers = new ArrayList<>(List.of(
                "Authorization",
                "Bearer " + TOKEN,
                "Accept",
                "application/json, text/event-stream",
                "X-Request-Id",
                requestId));
        HttpResponse<String> init = mcpPost(
                serve,
                headers,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}");
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        headers.addAll(List.of(
                "Mcp-Session-Id",
                init.headers().firstValue("Mcp-Session-Id").orElseThrow(),
                "MCP-Protocol-Version",
                "2025-06-18"));
        mcpPost(serve, headers, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        HttpResponse<String> call = mcpPost(
                serve,
                headers,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"post-img2img-inferences\",\"arguments\":{\"modelId\":\"model_sdxl\",\"prompt\":\"a "
                        + "lighthouse\",\"numSamples\":1,\"image\":\"" + HttpCalls.exampleDataUrl() + "\"}}}");
        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
        java.util.regex.Matcher job =
                java.util.regex.Pattern.compile("job_[A-Za-z0-9_-]{20,}").matcher(call.body());
        assertThat(job.find()).as(call.body()).isTrue();
        return job.group();
    }

    private static HttpResponse<String> mcpPost(ServeProcess serve, List<String> headers, String body)
            throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(serve.url("/mcp")))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .headers(headers.toArray(String[]::new))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpCalls.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** GET /v1/jobs/{id} with a wait, until the job has ended. */
    private static JsonNode followToTheEnd(ServeProcess serve, String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            HttpResponse<String> r = HttpCalls.get(
                    serve.url("/v1/jobs/" + jobId), "Authorization", "Bearer " + TOKEN, "Prefer", "wait=20");
            assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
            if (r.statusCode() == 200 || System.nanoTime() - deadline > 0) {
                return json(r);
            }
        }
    }

    private static HttpResponse<String> generate(ServeProcess serve, String... headers) throws Exception {
        List<String> all = new ArrayList<>(List.of(headers));
        all.addAll(List.of("Prefer", "wait=0"));
        return HttpCalls.post(
                serve.url("/v1/generate/img2img"),
                body("modelId", "model_sdxl", "numSamples", 1),
                all.toArray(String[]::new));
    }
}
