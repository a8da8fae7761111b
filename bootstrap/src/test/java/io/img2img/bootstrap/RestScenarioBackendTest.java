package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import com.google.inject.Module;
import io.img2img.adapter.http.HttpServer;
import io.img2img.adapter.scenario.ScenarioBackendModule;
import io.img2img.adapter.scenario.ScenarioSettings;
import io.img2img.domain.result.Backend;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `img2img serve` on the Scenario backend, with Scenario played by MockWebServer, over real HTTP. */
class RestScenarioBackendTest {
    private static final String KEY = "key-ABCDEF123";
    private static final String SECRET = "secret-XYZ987";

    @TempDir
    Path outputs;

    private FakeScenario scenario;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        scenario = new FakeScenario();
        Settings settings = Settings.parse(
                "serve",
                List.of(
                        "--port",
                        "0",
                        "--output-dir",
                        outputs.toString(),
                        "--scenario-api-url",
                        scenario.baseUrl(),
                        "--database-url",
                        TempLedger.url()),
                Map.of("SCENARIO_API_KEY", KEY, "SCENARIO_API_SECRET", SECRET));
        assertThat(settings.backend()).isEqualTo(Backend.SCENARIO);
        // Main's modules, but with timeouts short enough for a test of Scenario not answering in time
        List<Module> modules = new java.util.ArrayList<>(Main.modules(settings));
        modules.replaceAll(m -> m instanceof ScenarioBackendModule
                ? new ScenarioBackendModule(new ScenarioSettings(
                        java.net.URI.create(scenario.baseUrl()),
                        KEY,
                        SECRET,
                        Duration.ofSeconds(1),
                        Duration.ofMillis(300),
                        Duration.ofSeconds(2)))
                : m);
        server = Guice.createInjector(modules).getInstance(HttpServer.class);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(5));
        scenario.close();
    }

    private List<RecordedRequest> generationPosts() {
        return scenario.requests.stream()
                .filter(r -> r.getMethod().equals("POST")
                        && !"true".equals(r.getUrl().queryParameter("dryRun")))
                .toList();
    }

    /**
     * Security review 2026-12-07, findings 1 and 5, against the Scenario stand-in: no loose dry-run spelling, broken
     * charset or look-alike page origin makes Scenario see a generation POST (each of these was billed before).
     */
    @Test
    void noLooseDryRunSpellingNorLookAlikeOriginSendsAGenerationToScenario() throws Exception {
        String json = HttpCalls.JSON.writeValueAsString(body("modelId", "model_sdxl"));
        int port = server.port();
        for (String query : List.of(
                "?dryrun=true",
                "?DryRun=true",
                "?dryRun[]=true",
                "?dryRun=yes",
                "?dryRun=false&dryRun=true",
                "?dryRun=true&dryRun=false",
                "?dryRun=1")) {
            assertThat(rawStatus(port, "POST /v1/generate/img2img" + query, "application/json", null, json))
                    .as(query)
                    .isEqualTo(400);
        }
        for (String type : List.of(
                "application/json; charset=",
                "application/json; charset=x-nope",
                "application/json; charset=ISO-8859-99")) {
            assertThat(rawStatus(port, "POST /v1/generate/img2img?dryRun=true", type, null, json))
                    .as(type)
                    .isEqualTo(415);
        }
        String boundary = "----WebKitFormBoundaryE19zNvXGzXaLvS5C";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"modelId\"\r\n\r\nmodel_sdxl\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na lighthouse\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\n"
                + body().get("image") + "\r\n--" + boundary + "--\r\n";
        for (String origin : List.of(
                "null", "http://127.attacker.example", "http://localhost.x.example", "http://127.0.0.1.nip.io")) {
            assertThat(rawStatus(
                            port,
                            "POST /v1/generate/img2img",
                            "multipart/form-data; boundary=" + boundary,
                            origin,
                            form))
                    .as(origin)
                    .isEqualTo(403);
        }
        assertThat(generationPosts()).as("Scenario saw no generation").isEmpty();
        assertThat(rawStatus(
                        port, "POST /v1/generate/img2img?dryRun=true", "application/json; charset=utf-8", null, json))
                .isEqualTo(200);
        assertThat(generationPosts()).isEmpty();
    }

    /** One request over a plain socket, exactly as written (a browser's form post, or a query Java's URI refuses). */
    private static int rawStatus(int port, String requestLine, String type, String origin, String body)
            throws Exception {
        byte[] content = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: "
                                    + type + "\r\nContent-Length: " + content.length
                                    + (origin == null ? "" : "\r\nOrigin: " + origin)
                                    + "\r\nPrefer: wait=0\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().write(content);
            String status =
                    new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    @Test
    void generatesThroughScenarioSavingTheImagesLocally() throws Exception {
        HttpResponse<String> r = post(
                base + "/v1/generate/img2img",
                body("modelId", "model_sdxl", "numSamples", 2, "width", 768, "height", 512, "seed", "7"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = json(r);
        assertThat(result.get("backend").asText()).isEqualTo("scenario");
        assertThat(result.get("jobId").asText())
                .as("our own job id, Scenario's job_1 recorded beside it")
                .matches("job_[A-Za-z0-9_-]{22}");
        assertThat(result.get("creativeUnitsCost").asDouble()).isEqualTo(12);
        assertThat(result.get("images")).hasSize(2);
        for (JsonNode image : result.get("images")) {
            assertThat(image.get("remoteUrl").asText()).contains("/signed/").contains("sig=abc");
            assertThat(image.get("url").asText()).startsWith(base + "/v1/assets/asset_");
            assertThat(Files.readAllBytes(Path.of(image.get("path").asText()))).isEqualTo(FakeScenario.png());
            HttpResponse<byte[]> served = HttpCalls.getBytes(image.get("url").asText());
            assertThat(served.body()).isEqualTo(FakeScenario.png());
        }
        assertThat(generationPosts()).hasSize(1);
        JsonNode sent =
                HttpCalls.JSON.readTree(generationPosts().get(0).getBody().utf8());
        assertThat(sent.get("width").asInt()).isEqualTo(768);
        assertThat(sent.get("guidance").asDouble())
                .as("sd-xl default sent explicitly")
                .isEqualTo(6);
        assertThat(sent.get("strength").asDouble()).isEqualTo(0.75);
        assertThat(sent.get("numSamples").asInt()).isEqualTo(2);
        assertThat(sent.get("seed").asText()).isEqualTo("7");
        assertThat(scenario.requests)
                .filteredOn(q -> q.getUrl().encodedPath().startsWith("/signed/"))
                .hasSize(2)
                .allSatisfy(q -> assertThat(q.getHeaders().get("Authorization")).isNull());
    }

    @Test
    void aZeroWaitHandsBackTheJobWhichCompletesLater() throws Exception {
        HttpResponse<String> r =
                post(base + "/v1/generate/img2img", body("modelId", "model_sdxl", "numSamples", 2), "Prefer", "wait=0");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String location = r.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> done = get(location.startsWith("http") ? location : base + location, "Prefer", "wait=30");
        assertThat(json(done).get("status").asText()).isEqualTo("success");
        assertThat(generationPosts()).hasSize(1);
    }

    @Test
    void aScenarioJobsEventStreamEndsWithItsResultAfterEachImageOnce() throws Exception {
        HttpResponse<String> r =
                post(base + "/v1/generate/img2img", body("modelId", "model_sdxl", "numSamples", 2), "Prefer", "wait=0");
        String jobId = json(r).get("jobId").asText();
        try (EventStreamClient events = new EventStreamClient(base + "/v1/jobs/" + jobId + "/events", null)) {
            List<EventStreamClient.Event> all = events.rest();
            List<String> images = all.stream()
                    .filter(e -> e.type().equals("image"))
                    .map(e -> HttpCalls.JSON
                            .valueToTree(parse(e.data()))
                            .get("image")
                            .get("assetId")
                            .asText())
                    .toList();
            assertThat(images).hasSize(2).doesNotHaveDuplicates();
            EventStreamClient.Event last = all.get(all.size() - 1);
            assertThat(last.type()).isEqualTo("result");
            JsonNode result = HttpCalls.JSON.readTree(last.data());
            assertThat(result.get("status").asText()).isEqualTo("success");
            assertThat(result.get("backend").asText()).isEqualTo("scenario");
            assertThat(result.get("images"))
                    .extracting(i -> i.get("assetId").asText())
                    .containsExactlyElementsOf(images);
        }
    }

    private static Object parse(String json) {
        try {
            return HttpCalls.JSON.readValue(json, Object.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theSameIdempotencyKeyNeverStartsASecondJob() throws Exception {
        var request = body("modelId", "model_sdxl", "numSamples", 2);
        // (while the first is still being submitted a repeat is 409 idempotency-key-in-progress: tested in the
        // application)
        HttpResponse<String> first =
                post(base + "/v1/generate/img2img", request, "Idempotency-Key", "retry-1", "Prefer", "wait=30");
        HttpResponse<String> again =
                post(base + "/v1/generate/img2img", request, "Idempotency-Key", "retry-1", "Prefer", "wait=30");
        assertThat(json(again).get("jobId").asText())
                .isEqualTo(json(first).get("jobId").asText());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(generationPosts()).hasSize(1);
        HttpResponse<String> other = post(
                base + "/v1/generate/img2img",
                body("modelId", "model_sdxl", "numSamples", 3),
                "Idempotency-Key",
                "retry-1");
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(generationPosts()).hasSize(1);
    }

    @Test
    void modelChecksRefuseBeforeAnyMoneyIsSpent() throws Exception {
        HttpResponse<String> r = post(base + "/v1/generate/img2img", body("modelId", "model_missing", "width", 100));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(r).get("errors"))
                .extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("modelId", "width");
        HttpResponse<String> sdxl = post(base + "/v1/generate/img2img", body("modelId", "model_sdxl", "width", 256));
        assertThat(sdxl.statusCode()).isEqualTo(400);
        assertThat(json(sdxl).at("/errors/0/message").asText()).contains("[512, 2048]");
        assertThat(generationPosts()).isEmpty();
    }

    @Test
    void aBodyWithBytesAfterItsObjectStartsNoScenarioJob() throws Exception {
        String valid = HttpCalls.JSON.writeValueAsString(body("modelId", "model_sdxl"));
        for (String sent : List.of(valid + "}", valid + valid, valid + " x")) {
            HttpResponse<String> r = HttpCalls.CLIENT.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/generate/img2img"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(sent))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(json(r).get("code").asText()).isEqualTo("malformed-json");
        }
        assertThat(generationPosts()).isEmpty();
        assertThat(scenario.requests).as("not even a model look-up").isEmpty();
    }

    @Test
    void moreThanEightConceptsCostNoConceptLookUp() throws Exception {
        List<Map<String, Object>> nine = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(Map.of("modelId", "model_c" + i, "scale", 1));
        }
        HttpResponse<String> r = post(base + "/v1/generate/img2img", body("modelId", "model_sdxl", "concepts", nine));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).get("errors"))
                .extracting(e -> e.get("field").asText())
                .containsExactly("concepts");
        assertThat(scenario.requests)
                .extracting(q -> q.getUrl().encodedPath())
                .containsExactly("/v1/models/model_sdxl");
        assertThat(generationPosts()).isEmpty();
    }

    @Test
    void scenarioNotAnsweringInTimeIsA504() throws Exception {
        HttpResponse<String> r = post(base + "/v1/generate/img2img", body("modelId", "model_slow"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
        assertThat(json(r).get("code").asText()).isEqualTo("upstream-timeout");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(generationPosts()).isEmpty();
    }

    @Test
    void aDryRunReportsThePriceAndStartsNothing() throws Exception {
        HttpResponse<String> r = post(base + "/v1/generate/img2img?dryRun=true", body("modelId", "model_sdxl"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("dryRun").asBoolean()).isTrue();
        assertThat(json(r).get("creativeUnitsCost").asDouble()).isEqualTo(12);
        assertThat(generationPosts()).isEmpty();
    }

    @Test
    void upstreamFaultsBecomeProblemsNeverLeakingTheCredentials() throws Exception {
        scenario.postAnswer = FakeScenario.json(500, "{\"message\":\"internal\"}");
        HttpResponse<String> failure = post(base + "/v1/generate/img2img", body("modelId", "model_sdxl"));
        // SPEC §8: a 500 after the POST left may have started a job: the job is outcome-unknown, never re-sent
        assertThat(failure.statusCode()).as(failure.body()).isEqualTo(200);
        assertThat(json(failure).path("status").asText()).isEqualTo("failure");
        assertThat(json(failure).at("/error/code").asText()).isEqualTo("outcome-unknown");
        assertThat(json(failure).at("/error/message").asText()).contains("may have");
        assertThat(generationPosts())
                .as("a 500 may have started a job: never re-sent")
                .hasSize(1);

        scenario.postAnswer = FakeScenario.json(401, "{\"message\":\"Unauthorized\"}");
        HttpResponse<String> auth = post(base + "/v1/generate/img2img", body("modelId", "model_sdxl"));
        assertThat(auth.statusCode()).isEqualTo(502);
        assertThat(json(auth).get("code").asText()).isEqualTo("upstream-auth");

        scenario.postAnswer = new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "1")
                .addHeader("Content-Type", "application/json")
                .body("{\"message\":\"slow down\"}")
                .build();
        HttpResponse<String> limited = post(base + "/v1/generate/img2img", body("modelId", "model_sdxl"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();

        String all = failure.body() + auth.body() + limited.body();
        String basic = java.util.Base64.getEncoder().encodeToString((KEY + ":" + SECRET).getBytes());
        assertThat(all).doesNotContain(KEY, SECRET, basic, "at io.", "Exception");
    }
}
