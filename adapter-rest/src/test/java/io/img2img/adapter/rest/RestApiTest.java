package io.img2img.adapter.rest;

import static io.img2img.adapter.rest.TestServer.body;
import static io.img2img.adapter.rest.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.testkit.Await;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ResultError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the REST front end makes of what its ports answer: statuses, headers, result JSON and problems. The ports are
 * stubbed ({@link StubUseCases}); what the application decides (idempotency, queueing, backend faults) is proved by
 * the application's tests and, end to end over REST, by bootstrap's (RestScenarioBackendTest, QueueGraphTest,
 * LedgerGraphTest, GatewayAnswersIT).
 */
class RestApiTest {

    private static void assertProblem(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = json(r);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("code").asText()).isEqualTo(code);
        assertThat(p.has("title") && p.has("type") && p.has("detail")).isTrue();
        assertThat(r.body()).doesNotContain("at io.", "at org.", "Exception", "<html");
    }

    @Test
    void aFinishedJobIs200WithImageUrlsOnThisServerAndItsAssetsAreServed() throws Exception {
        try (TestServer s = new TestServer()) {
            s.ports.generate = call -> StubUseCases.success("job_1", 2);
            byte[] png = io.img2img.application.testkit.PngHeaderCodec.png(64, 64);
            s.ports.assets = id -> StubUseCases.asset(id, "image/png", png);
            HttpResponse<String> r = s.post("/v1/generate/img2img", body("numSamples", 2));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode result = json(r);
            assertThat(result.get("status").asText()).isEqualTo("success");
            assertThat(result.get("images")).hasSize(2);
            String url = result.at("/images/0/url").asText();
            assertThat(url).isEqualTo(s.base + "/v1/assets/asset_job_1_1");
            assertThat(s.ports.generateCalls).singleElement().satisfies(call -> {
                assertThat(call.request().request().numSamples()).isEqualTo(2);
                assertThat(call.waitBudget())
                        .as("no Prefer: the default wait")
                        .isEqualTo(GenerationRoutes.DEFAULT_GENERATE_WAIT);
                assertThat(call.idempotencyKey()).isNull();
                assertThat(call.client()).as("the client is its address").isEqualTo("127.0.0.1");
            });
            HttpResponse<String> asset = s.get(url.substring(s.base.length()));
            assertThat(asset.statusCode()).isEqualTo(200);
            assertThat(asset.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(asset.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
            assertThat(asset.headers().firstValue("Content-Length")).hasValue(Integer.toString(png.length));
        }
    }

    @Test
    void aJobUnderWayIs202WithLocationAndPreferWaitIsPassedOn() throws Exception {
        try (TestServer s = new TestServer()) {
            s.ports.generate = call -> StubUseCases.inProgress("job_7", 0.25);
            List<Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
            s.ports.getJob = (jobId, wait, progress) -> {
                waits.add(wait);
                return wait.isZero() ? StubUseCases.inProgress(jobId, 0.5) : StubUseCases.success(jobId, 1);
            };
            HttpResponse<String> r = s.post("/v1/generate/img2img", body("numSamples", 1), "Prefer", "wait=0");
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(s.ports.generateCalls.get(0).waitBudget()).isEqualTo(Duration.ZERO);
            String location = r.headers().firstValue("Location").orElseThrow();
            assertThat(location).isEqualTo("/v1/jobs/job_7");
            assertThat(json(r).get("status").asText()).isEqualTo("in-progress");
            assertThat(json(r).get("progress").asDouble()).isEqualTo(0.25);
            HttpResponse<String> running = s.get(location);
            assertThat(running.statusCode()).isEqualTo(202);
            HttpResponse<String> done = s.get(location, "Prefer", "wait=10");
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(json(done).get("status").asText()).isEqualTo("success");
            assertThat(waits).containsExactly(Duration.ZERO, Duration.ofSeconds(10));
        }
    }

    @Test
    void theRequestsTypeErrorsReachThePortAndItsViolationsComeBackInOne400() throws Exception {
        try (TestServer s = new TestServer()) {
            s.ports.generate = call -> {
                List<Violation> all = new java.util.ArrayList<>(call.request().typeErrors());
                all.add(new Violation("width", "must be a multiple of 8", 0));
                all.add(new Violation("prompt", "must not be blank", 0));
                return Img2ImgResult.error(StubUseCases.BACKEND, ResultError.invalid(all));
            };
            HttpResponse<String> r =
                    s.post("/v1/generate/img2img", body("width", 513, "numSamples", "2", "prompt", ""));
            assertProblem(r, 400, "invalid-request");
            assertThat(json(r).get("errors"))
                    .extracting(e -> e.get("field").asText())
                    .containsExactlyInAnyOrder("numSamples", "width", "prompt");
            assertThat(s.ports.generateCalls.get(0).request().typeErrors())
                    .extracting(Violation::field)
                    .as("the text \"2\" is no integer: a type error read by the front end")
                    .containsExactly("numSamples");
        }
    }

    @Test
    void malformedBodiesAndWrongMediaTypes() throws Exception {
        try (TestServer s = new TestServer()) {
            s.ports.getJob = (jobId, wait, progress) -> StubUseCases.refused(ErrorCode.UNKNOWN_JOB, "no job " + jobId);
            s.ports.assets = id -> java.util.Optional.empty();
            assertProblem(
                    s.send("POST", "/v1/generate/img2img", "{\"modelId\":", "application/json"), 400, "malformed-json");
            assertProblem(s.send("POST", "/v1/generate/img2img", "[1,2]", "application/json"), 400, "malformed-json");
            assertProblem(
                    s.send("POST", "/v1/generate/img2img", "modelId=x", "application/x-www-form-urlencoded"),
                    415,
                    "unsupported-media-type");
            assertProblem(s.send("POST", "/v1/generate/img2img", "{}", null), 415, "unsupported-media-type");
            assertProblem(s.get("/v1/jobs/job_nope"), 404, "unknown-job");
            // an encoded slash or dot segment is refused by the gate before any route reads an id (RequestPath)
            assertProblem(s.get("/v1/jobs/..%2F..%2Fetc"), 400, "ambiguous-path");
            assertProblem(s.get("/v1/assets/asset_nope"), 404, "unknown-asset");
            assertProblem(s.get("/v1/assets/..%2Fsecret"), 400, "ambiguous-path");
            assertProblem(s.get("/v2/nothing"), 404, "not-found");
            assertProblem(s.send("DELETE", "/v1/generate/img2img", null, null), 405, "method-not-allowed");
            assertThat(s.ports.generateCalls).as("no body reached the port").isEmpty();
        }
    }

    @Test
    void aJsonBodyFollowedByAnythingButWhitespaceIsMalformedAndStartsNothing() throws Exception {
        try (TestServer s = new TestServer()) {
            s.ports.generatingAtOnce();
            String valid = TestServer.JSON.writeValueAsString(body("numSamples", 1));
            for (String trailing : List.of("}", valid, " x", "\n[1]", "0", "\"")) {
                assertProblem(
                        s.send("POST", "/v1/generate/img2img", valid + trailing, "application/json"),
                        400,
                        "malformed-json");
            }
            assertThat(s.ports.generateCalls).isEmpty();
            HttpResponse<String> spaced =
                    s.send("POST", "/v1/generate/img2img", " " + valid + " \r\n\t ", "application/json");
            assertThat(spaced.statusCode()).as(spaced.body()).isEqualTo(200);
            assertThat(s.ports.generateCalls).hasSize(1);
        }
    }

    @Test
    void aBodyOfManyTinyValuesIsRefusedClearlyAndCheaply() throws Exception {
        try (TestServer s = new TestServer()) {
            // the port answers the domain's verdict on what the front end read
            s.ports.generate = call -> Img2ImgResult.error(
                    StubUseCases.BACKEND,
                    ResultError.invalid(io.img2img.domain.request.RequestRules.generic(call.request())));
            StringBuilder many = new StringBuilder("{\"modelId\":\"m\",\"prompt\":\"p\"");
            for (int i = 0; i < 30_000; i++) {
                many.append(",\"f").append(i).append("\":0");
            }
            HttpResponse<String> named = s.send("POST", "/v1/generate/img2img", many + "}", "application/json");
            assertProblem(named, 400, "invalid-request");
            // 100 unknown fields named, one entry counting the rest, and the rules' own (image is missing)
            assertThat(json(named).get("errors").size())
                    .as("listed up to a bound, then counted")
                    .isEqualTo(102);
            assertThat(named.body())
                    .contains("more problems in this request, not listed")
                    .hasSizeLessThan(50_000);
            for (int i = 30_000; i < 60_000; i++) { // past the token bound, well within the body limit
                many.append(",\"f").append(i).append("\":0");
            }
            assertProblem(
                    s.send("POST", "/v1/generate/img2img", many + "}", "application/json"), 400, "body-too-complex");
            String deep = "{\"modelId\":\"m\",\"prompt\":\"p\",\"x\":"
                    + "[".repeat(io.img2img.domain.request.JsonBounds.MAX_DEPTH)
                    + "]".repeat(io.img2img.domain.request.JsonBounds.MAX_DEPTH) + "}";
            HttpResponse<String> tooDeep = s.send("POST", "/v1/generate/img2img", deep, "application/json");
            assertProblem(tooDeep, 400, "body-too-complex");
            assertThat(tooDeep.body()).contains("nested at most " + io.img2img.domain.request.JsonBounds.MAX_DEPTH);
            assertThat(s.ports.generateCalls)
                    .as("only the first, within the bounds, was read")
                    .hasSize(1);
            assertThat(s.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void bodiesPastTheLimitAre413ForRestAndMountedServletsAlike() throws Exception {
        HttpServlet echo = new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getWriter().write("read " + req.getInputStream().readAllBytes().length);
            }
        };
        try (TestServer s =
                new TestServer(TestServer.Setup.defaults().maxBody(4096).servlets(Map.of("/mcp", echo)))) {
            String big = "{\"prompt\":\"" + "x".repeat(5000) + "\"}";
            assertProblem(s.send("POST", "/v1/generate/img2img", big, "application/json"), 413, "body-too-large");
            assertThat(s.ports.generateCalls).isEmpty();
            assertProblem(s.send("POST", "/mcp", big, "application/json"), 413, "body-too-large");
            HttpResponse<String> small = s.send("POST", "/mcp", "{\"a\":1}", "application/json");
            assertThat(small.body()).isEqualTo("read 7");
            // a chunked body (no Content-Length) is counted as it is read
            var chunked = java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.base + "/mcp"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream(big.getBytes())))
                    .build();
            HttpResponse<String> r = TestServer.CLIENT.send(chunked, HttpResponse.BodyHandlers.ofString());
            assertProblem(r, 413, "body-too-large");
        }
    }

    @Test
    void theTokenGuardsEverythingButHealthOpenapiAndDocs() throws Exception {
        try (TestServer s = new TestServer(TestServer.Setup.defaults().token("s3cret-token"))) {
            s.ports.generatingAtOnce();
            HttpResponse<String> denied = s.post("/v1/generate/img2img", body());
            assertProblem(denied, 401, "unauthorized");
            assertThat(denied.headers().firstValue("WWW-Authenticate").orElse(""))
                    .startsWith("Bearer");
            assertProblem(s.post("/v1/generate/img2img", body(), "Authorization", "Bearer wrong"), 401, "unauthorized");
            assertProblem(s.get("/v1/jobs/job_1"), 401, "unauthorized");
            assertThat(s.ports.generateCalls)
                    .as("nothing reached the port without the token")
                    .isEmpty();
            assertThat(s.post("/v1/generate/img2img", body(), "Authorization", "Bearer s3cret-token")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(s.get("/health").statusCode()).isEqualTo(200);
            assertThat(json(s.get("/health")).get("backend").asText()).isEqualTo("local");
            assertThat(s.get("/openapi.json").statusCode()).isEqualTo(200);
            assertThat(s.get("/docs").statusCode()).isEqualTo(200);
            assertThat(s.get("/docs").body()).contains("<html").doesNotContain("https://cdn");
        }
    }

    @Test
    void foreignOriginsAreRefusedAndAllowedOnesGetCors() throws Exception {
        try (TestServer s =
                new TestServer(TestServer.Setup.defaults().token("tok").origins(List.of("https://app.example")))) {
            assertProblem(
                    s.post(
                            "/v1/generate/img2img",
                            body(),
                            "Origin",
                            "https://evil.example",
                            "Authorization",
                            "Bearer tok"),
                    403,
                    "forbidden-origin");
            assertThat(s.ports.generateCalls).isEmpty();
            s.ports.generatingAtOnce();
            assertProblem(s.get("/health", "Origin", "null"), 403, "forbidden-origin");
            HttpResponse<String> local = s.post(
                    "/v1/generate/img2img", body(), "Origin", "http://localhost:5173", "Authorization", "Bearer tok");
            assertThat(local.statusCode()).isEqualTo(200);
            assertThat(local.headers().firstValue("Access-Control-Allow-Origin"))
                    .as("no CORS off the allow-list")
                    .isEmpty();
            HttpResponse<String> allowed = s.post(
                    "/v1/generate/img2img", body(), "Origin", "https://app.example", "Authorization", "Bearer tok");
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue("https://app.example");
            HttpResponse<String> preflight = s.send(
                    "OPTIONS",
                    "/v1/generate/img2img",
                    null,
                    null,
                    "Origin",
                    "https://app.example",
                    "Access-Control-Request-Method",
                    "POST",
                    "Access-Control-Request-Headers",
                    "content-type, authorization, idempotency-key");
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight
                            .headers()
                            .firstValue("Access-Control-Allow-Headers")
                            .orElse(""))
                    .contains("Authorization", "Idempotency-Key");
            HttpResponse<String> own = s.get("/health", "Origin", s.base);
            assertThat(own.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theIdempotencyKeyIsPassedOnAndItsRefusalsAreProblems() throws Exception {
        try (TestServer s = new TestServer()) {
            s.ports.generate = call -> switch (call.idempotencyKey()) {
                case "reused" -> StubUseCases.refused(ErrorCode.IDEMPOTENCY_KEY_REUSED, "another request had it");
                case "busy" ->
                    StubUseCases.refused(
                            ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, "its first request runs", Duration.ofSeconds(3));
                default -> StubUseCases.success("job_k", 1);
            };
            assertThat(s.post("/v1/generate/img2img", body(), "Idempotency-Key", "k-1")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(s.ports.generateCalls.get(0).idempotencyKey()).isEqualTo("k-1");
            assertProblem(
                    s.post("/v1/generate/img2img", body(), "Idempotency-Key", "reused"), 422, "idempotency-key-reused");
            HttpResponse<String> busy = s.post("/v1/generate/img2img", body(), "Idempotency-Key", "busy");
            assertProblem(busy, 409, "idempotency-key-in-progress");
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("3");
            for (String bad : List.of("", " ", "k".repeat(256))) {
                assertProblem(
                        s.post("/v1/generate/img2img", body(), "Idempotency-Key", bad), 400, "invalid-idempotency-key");
            }
            assertThat(s.ports.generateCalls).as("a bad key reaches no port").hasSize(3);
        }
    }

    /** Inside a stubbed port: waits for the test to let it go (5 s at most). */
    private static void holdUntil(CountDownLatch release) {
        try {
            release.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A generation POST for another thread: failures become unchecked. */
    private static HttpResponse<String> call(TestServer s, Object request, String... headers) {
        try {
            return s.post("/v1/generate/img2img", request, headers);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachRefusalOfThePortIsAProblemWithItsStatusAndRetryAfter() throws Exception {
        try (TestServer s = new TestServer()) {
            Map<ErrorCode, Integer> expected = Map.of(
                    ErrorCode.UPSTREAM_RATE_LIMITED, 429,
                    ErrorCode.UPSTREAM_FAILURE, 502,
                    ErrorCode.UPSTREAM_AUTH, 502,
                    ErrorCode.UPSTREAM_REJECTED, 400,
                    ErrorCode.COST_OVER_LIMIT, 422,
                    ErrorCode.QUEUE_FULL, 503);
            for (var e : expected.entrySet()) {
                s.ports.generate = call -> StubUseCases.refused(e.getKey(), "said no", Duration.ofMillis(6_200));
                HttpResponse<String> r = s.post("/v1/generate/img2img", body());
                assertProblem(r, e.getValue(), e.getKey().wireName());
                assertThat(json(r).get("detail").asText()).isEqualTo("said no");
                assertThat(r.headers().firstValue("Retry-After"))
                        .as("whole seconds, rounded up")
                        .hasValue("7");
            }
            // a job that ended in an error is a job result, not a problem: 200 with the error in it
            s.ports.generate = call -> StubUseCases.ended(
                    "job_2", JobStatus.FAILURE, ErrorCode.OUTCOME_UNKNOWN, "the job may have been started");
            HttpResponse<String> lost = s.post("/v1/generate/img2img", body());
            assertThat(lost.statusCode()).isEqualTo(200);
            assertThat(json(lost).get("status").asText()).isEqualTo("failure");
            assertThat(json(lost).at("/error/code").asText()).isEqualTo("outcome-unknown");
        }
    }

    @Test
    void aQueuedJobIs202WithItsPositionAndLocation() throws Exception {
        try (TestServer s = new TestServer()) {
            s.ports.generate = call -> StubUseCases.queued("job_q", 3);
            HttpResponse<String> queued = s.post("/v1/generate/img2img", body("numSamples", 2), "Prefer", "wait=0");
            assertThat(queued.statusCode()).isEqualTo(202);
            assertThat(json(queued).get("status").asText()).isEqualTo("queued");
            assertThat(json(queued).get("queuePosition").asInt()).isEqualTo(3);
            assertThat(queued.headers().firstValue("Location")).hasValue("/v1/jobs/job_q");
        }
    }

    @Test
    void aDryRunIsA200WithThePriceAndTheFlagReachesThePort() throws Exception {
        try (TestServer s = new TestServer()) {
            s.ports.generate = call -> call.dryRun()
                    ? Img2ImgResult.dryRun(StubUseCases.BACKEND, 10)
                    : StubUseCases.refused(ErrorCode.INVALID_REQUEST, "dryRun: the query and the body disagree");
            HttpResponse<String> r = s.post("/v1/generate/img2img?dryRun=true", body("numSamples", 4));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).get("dryRun").asBoolean()).isTrue();
            assertThat(json(r).get("creativeUnitsCost").asDouble()).isEqualTo(10);
            assertThat(s.ports.generateCalls)
                    .singleElement()
                    .satisfies(call -> assertThat(call.dryRun()).isTrue());
            assertThat(s.ports.paidCalls()).isEmpty();
        }
    }

    @Test
    void aGracefulStopLetsACallInFlightFinish() throws Exception {
        TestServer s = new TestServer();
        CountDownLatch inPort = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        s.ports.generate = call -> {
            inPort.countDown();
            holdUntil(release);
            return StubUseCases.success("job_1", 1);
        };
        CompletableFuture<HttpResponse<String>> inFlight =
                CompletableFuture.supplyAsync(() -> call(s, body("numSamples", 1)));
        assertThat(inPort.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> s.server.stop(Duration.ofSeconds(10)));
        // the stop has begun once a new connection is refused; the call is still held inside the port
        assertThat(Await.until(() -> refusesConnections(s), refused -> refused, Duration.ofSeconds(5)))
                .isTrue();
        assertThat(stopping).as("the stop waits for the call in flight").isNotDone();
        release.countDown();
        assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        stopping.get(10, TimeUnit.SECONDS);
    }

    private static boolean refusesConnections(TestServer s) {
        try (java.net.Socket socket =
                new java.net.Socket("127.0.0.1", java.net.URI.create(s.base).getPort())) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
