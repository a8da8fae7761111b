package io.img2img.adapter.rest;

import static io.img2img.adapter.rest.TestServer.body;
import static io.img2img.adapter.rest.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.testkit.Await;
import io.img2img.domain.result.ErrorCode;
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
    void generatesAndServesTheImages() throws Exception {
        try (TestServer s = new TestServer()) {
            HttpResponse<String> r = s.post("/v1/generate/img2img", body("numSamples", 2));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode result = json(r);
            assertThat(result.get("status").asText()).isEqualTo("success");
            assertThat(result.get("images")).hasSize(2);
            String url = result.at("/images/0/url").asText();
            assertThat(url).startsWith(s.base + "/v1/assets/asset_");
            HttpResponse<String> asset = s.get(url.substring(s.base.length()));
            assertThat(asset.statusCode()).isEqualTo(200);
            assertThat(asset.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(asset.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
            assertThat(asset.headers().firstValue("Content-Length")).hasValue("33");
        }
    }

    @Test
    void aZeroWaitAnswers202WithLocationAndTheJobReachesSuccess() throws Exception {
        try (TestServer s = new TestServer()) {
            s.backend.pollsToFinish = 3;
            s.backend.holdAfterPolls = 1; // the job stays under way until the test has seen it so
            HttpResponse<String> r = s.post("/v1/generate/img2img", body("numSamples", 1), "Prefer", "wait=0");
            assertThat(r.statusCode()).isEqualTo(202);
            String location = r.headers().firstValue("Location").orElseThrow();
            assertThat(location).isEqualTo("/v1/jobs/" + json(r).get("jobId").asText());
            assertThat(json(r).get("status").asText()).isEqualTo("in-progress");
            HttpResponse<String> running = s.get(location);
            assertThat(running.statusCode()).isEqualTo(202);
            s.backend.releasePolls.countDown();
            HttpResponse<String> done = s.get(location, "Prefer", "wait=10");
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(json(done).get("status").asText()).isEqualTo("success");
        }
    }

    @Test
    void everyMistakeIsReportedInOne400() throws Exception {
        try (TestServer s = new TestServer()) {
            HttpResponse<String> r = s.post(
                    "/v1/generate/img2img",
                    body(
                            "width",
                            513,
                            "strength",
                            3,
                            "numSamples",
                            "2",
                            "scheduler",
                            "fast",
                            "negative_prompt",
                            "x",
                            "prompt",
                            ""));
            assertProblem(r, 400, "invalid-request");
            assertThat(json(r).get("errors"))
                    .extracting(e -> e.get("field").asText())
                    .containsExactlyInAnyOrder(
                            "width", "strength", "numSamples", "scheduler", "negative_prompt", "prompt");
            assertThat(s.backend.submits.get()).isZero();
        }
    }

    @Test
    void malformedBodiesAndWrongMediaTypes() throws Exception {
        try (TestServer s = new TestServer()) {
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
            assertProblem(s.get("/v1/jobs/job_x%2e%2e"), 400, "invalid-request");
            assertProblem(s.get("/v1/assets/asset_nope"), 404, "unknown-asset");
            assertProblem(s.get("/v1/assets/..%2Fsecret"), 400, "ambiguous-path");
            assertProblem(s.get("/v2/nothing"), 404, "not-found");
            assertProblem(s.send("DELETE", "/v1/generate/img2img", null, null), 405, "method-not-allowed");
        }
    }

    @Test
    void aJsonBodyFollowedByAnythingButWhitespaceIsMalformedAndStartsNothing() throws Exception {
        try (TestServer s = new TestServer()) {
            String valid = TestServer.JSON.writeValueAsString(body("numSamples", 1));
            for (String trailing : List.of("}", valid, " x", "\n[1]", "0", "\"")) {
                assertProblem(
                        s.send("POST", "/v1/generate/img2img", valid + trailing, "application/json"),
                        400,
                        "malformed-json");
            }
            assertThat(s.backend.submits.get()).isZero();
            HttpResponse<String> spaced =
                    s.send("POST", "/v1/generate/img2img", " " + valid + " \r\n\t ", "application/json");
            assertThat(spaced.statusCode()).as(spaced.body()).isEqualTo(200);
            assertThat(s.backend.submits.get()).isEqualTo(1);
        }
    }

    @Test
    void aBodyOfManyTinyValuesIsRefusedClearlyAndCheaply() throws Exception {
        try (TestServer s = new TestServer()) {
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
        try (TestServer s = new TestServer(null, List.of(), 4096, ServicePolicy.defaults(), Map.of("/mcp", echo))) {
            String big = "{\"prompt\":\"" + "x".repeat(5000) + "\"}";
            assertProblem(s.send("POST", "/v1/generate/img2img", big, "application/json"), 413, "body-too-large");
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
        try (TestServer s = new TestServer("s3cret-token", List.of(), 1 << 20, ServicePolicy.defaults(), Map.of())) {
            HttpResponse<String> denied = s.post("/v1/generate/img2img", body());
            assertProblem(denied, 401, "unauthorized");
            assertThat(denied.headers().firstValue("WWW-Authenticate").orElse(""))
                    .startsWith("Bearer");
            assertProblem(s.post("/v1/generate/img2img", body(), "Authorization", "Bearer wrong"), 401, "unauthorized");
            assertProblem(s.get("/v1/jobs/job_1"), 401, "unauthorized");
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
                new TestServer("tok", List.of("https://app.example"), 1 << 20, ServicePolicy.defaults(), Map.of())) {
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
    void theSameIdempotencyKeyStartsOneJob() throws Exception {
        try (TestServer s = new TestServer()) {
            s.backend.pollsToFinish = 4;
            var request = body("numSamples", 2);
            HttpResponse<String> first =
                    s.post("/v1/generate/img2img", request, "Idempotency-Key", "k-1", "Prefer", "wait=20");
            assertThat(first.statusCode()).isEqualTo(200);
            HttpResponse<String> done =
                    s.post("/v1/generate/img2img", request, "Idempotency-Key", "k-1", "Prefer", "wait=0");
            assertThat(json(done).get("jobId").asText())
                    .isEqualTo(json(first).get("jobId").asText());
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(json(done).get("status").asText()).isEqualTo("success");
            assertThat(s.backend.submits.get()).isEqualTo(1);
            assertProblem(
                    s.post("/v1/generate/img2img", body("numSamples", 3), "Idempotency-Key", "k-1"),
                    422,
                    "idempotency-key-reused");
            // a dry run starts nothing and costs nothing: it is priced whatever its key, and the key is not taken
            assertThat(s.post("/v1/generate/img2img?dryRun=true", request, "Idempotency-Key", "k-1")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(s.backend.submits.get()).isEqualTo(1);
            assertThat(s.post("/v1/generate/img2img", request, "Idempotency-Key", "k-2")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(s.backend.submits.get()).isEqualTo(2);
        }
    }

    @Test
    void concurrentDuplicatesStillStartOneJob() throws Exception {
        try (TestServer s = new TestServer()) {
            CountDownLatch inSubmit = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            s.backend.onSubmit = g -> {
                inSubmit.countDown();
                holdUntil(release);
                return new io.img2img.application.port.out.SubmittedJob("job_1_" + g.numSamples(), 0.0);
            };
            var request = body("numSamples", 1);
            CompletableFuture<HttpResponse<String>> first =
                    CompletableFuture.supplyAsync(() -> call(s, request, "Idempotency-Key", "same"));
            assertThat(inSubmit.await(5, TimeUnit.SECONDS)).isTrue();
            // the first is held inside submit, its key reserved and unsettled: a duplicate that will not wait is told
            // so
            HttpResponse<String> inProgress = s.post("/v1/generate/img2img", request, "Idempotency-Key", "same");
            assertProblem(inProgress, 409, "idempotency-key-in-progress");
            assertThat(inProgress.headers().firstValue("Retry-After")).isPresent();
            release.countDown();
            String jobId = json(first.get(10, TimeUnit.SECONDS)).get("jobId").asText();
            assertThat(json(call(s, request, "Idempotency-Key", "same"))
                            .get("jobId")
                            .asText())
                    .isEqualTo(jobId);
            assertThat(s.backend.submits.get()).isEqualTo(1);
        }
    }

    /** Inside a fake backend call: waits for the test to let it go (5 s at most). */
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
    void backendFaultsMapToStatusesWithRetryAfter() throws Exception {
        try (TestServer s = new TestServer()) {
            // the backend's refusals of the generation request (a 504 or 408 is never one: see below)
            Map<ErrorCode, Integer> expected = Map.of(
                    ErrorCode.UPSTREAM_RATE_LIMITED,
                    429,
                    ErrorCode.UPSTREAM_FAILURE,
                    502,
                    ErrorCode.UPSTREAM_AUTH,
                    502,
                    ErrorCode.UPSTREAM_REJECTED,
                    400);
            for (var e : expected.entrySet()) {
                s.backend.submitFault = new BackendException(
                        e.getKey(),
                        "upstream said no",
                        e.getKey() == ErrorCode.UPSTREAM_RATE_LIMITED ? Duration.ofSeconds(7) : null);
                HttpResponse<String> r = s.post("/v1/generate/img2img", body());
                assertProblem(r, e.getValue(), e.getKey().wireName());
                if (e.getValue() == 429) {
                    assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
                }
            }
        }
        try (TestServer s = new TestServer()) {
            // an answer that may have come from a started job: a job result, failure + outcome-unknown (never re-sent)
            s.backend.submitFault = new BackendException(ErrorCode.JOB_MAY_HAVE_STARTED, "the answer was lost", null);
            HttpResponse<String> lost = s.post("/v1/generate/img2img", body());
            assertThat(lost.statusCode()).isEqualTo(200);
            assertThat(json(lost).get("status").asText()).isEqualTo("failure");
            assertThat(json(lost).at("/error/code").asText()).isEqualTo("outcome-unknown");
            // a timeout answer to the generation request (a gateway's 504) may have come from a started job too (F2)
            s.backend.submitFault =
                    new BackendException(ErrorCode.UPSTREAM_TIMEOUT, "Scenario timed out (HTTP 504)", null);
            HttpResponse<String> timedOut = s.post("/v1/generate/img2img", body("seed", 7));
            assertThat(timedOut.statusCode()).as(timedOut.body()).isEqualTo(200);
            assertThat(json(timedOut).at("/error/code").asText()).isEqualTo("outcome-unknown");
            assertThat(json(timedOut).at("/error/message").asText()).contains("may have been started");
        }
        try (TestServer s = new TestServer(
                null, List.of(), 1 << 20, ServicePolicy.defaults().withMaxCreativeUnits(4.0), Map.of())) {
            HttpResponse<String> over = s.post("/v1/generate/img2img", body("numSamples", 2));
            assertProblem(over, 422, "cost-over-limit");
            assertThat(json(over).get("detail").asText()).contains("5", "4");
            assertThat(s.post("/v1/generate/img2img?dryRun=true", body("numSamples", 2))
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void pastTheJobBoundJobsQueueAndPastTheQueue503WithRetryAfter() throws Exception {
        try (TestServer s = new TestServer(
                null,
                List.of(),
                1 << 20,
                ServicePolicy.defaults().withMaxConcurrentJobs(1),
                new LedgerPolicy(Duration.ofSeconds(30), 30, 1),
                Map.of(),
                null)) {
            CountDownLatch inSubmit = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            s.backend.onSubmit = g -> {
                inSubmit.countDown();
                holdUntil(release);
                return new io.img2img.application.port.out.SubmittedJob("job_9_1", 0.0);
            };
            CompletableFuture<HttpResponse<String>> busy =
                    CompletableFuture.supplyAsync(() -> call(s, body("numSamples", 1)));
            assertThat(inSubmit.await(5, TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> queued = s.post("/v1/generate/img2img", body("numSamples", 2), "Prefer", "wait=0");
            assertThat(queued.statusCode()).isEqualTo(202);
            assertThat(json(queued).get("status").asText()).isEqualTo("queued");
            assertThat(json(queued).get("queuePosition").asInt()).isEqualTo(1);
            assertThat(queued.headers().firstValue("Location"))
                    .hasValue("/v1/jobs/" + json(queued).get("jobId").asText());
            HttpResponse<String> refused = s.post("/v1/generate/img2img", body("numSamples", 3));
            assertProblem(refused, 503, "queue-full");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            release.countDown();
            assertThat(busy.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            HttpResponse<String> ran =
                    s.get("/v1/jobs/" + json(queued).get("jobId").asText(), "Prefer", "wait=10");
            assertThat(json(ran).get("status").asText())
                    .as("claimed once the slot was free")
                    .isEqualTo("success");
            assertThat(s.backend.submits.get()).isEqualTo(2);
        }
    }

    @Test
    void aDryRunIsA200WithThePrice() throws Exception {
        try (TestServer s = new TestServer()) {
            HttpResponse<String> r = s.post("/v1/generate/img2img?dryRun=true", body("numSamples", 4));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).get("dryRun").asBoolean()).isTrue();
            assertThat(json(r).get("creativeUnitsCost").asDouble()).isEqualTo(10);
            assertProblem(s.post("/v1/generate/img2img?dryRun=false", body("dryRun", true)), 400, "invalid-request");
            assertThat(s.backend.submits.get()).isZero();
        }
    }

    @Test
    void aGracefulStopLetsACallInFlightFinish() throws Exception {
        TestServer s = new TestServer();
        CountDownLatch inSubmit = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        s.backend.onSubmit = g -> {
            inSubmit.countDown();
            holdUntil(release);
            return new io.img2img.application.port.out.SubmittedJob("job_1_1", 0.0);
        };
        CompletableFuture<HttpResponse<String>> inFlight =
                CompletableFuture.supplyAsync(() -> call(s, body("numSamples", 1)));
        assertThat(inSubmit.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> s.server.stop(Duration.ofSeconds(10)));
        // the stop has begun once a new connection is refused; the call is still held inside the backend
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
