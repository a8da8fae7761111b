package io.img2img.adapter.scenario;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Scenario's API on MockWebServer with the shapes of its API description. Each path answers from a
 * script first (one response per call), then with its default; a second server plays the CDN of
 * signed asset URLs.
 */
class ScenarioFake extends Dispatcher implements AutoCloseable {
    static final byte[] PNG = {
        (byte) 0x89,
        'P',
        'N',
        'G',
        0x0D,
        0x0A,
        0x1A,
        0x0A,
        0,
        0,
        0,
        13,
        'I',
        'H',
        'D',
        'R',
        0,
        0,
        0,
        48,
        0,
        0,
        0,
        32,
        8,
        6,
        0,
        0,
        0,
        0,
        0,
        0,
        0
    };

    final MockWebServer api = new MockWebServer();
    final MockWebServer cdn = new MockWebServer();
    final List<RecordedRequest> apiRequests = new CopyOnWriteArrayList<>();
    final List<RecordedRequest> cdnRequests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<MockResponse>> scripts = new ConcurrentHashMap<>();
    private final Map<String, MockResponse> defaults = new ConcurrentHashMap<>();

    ScenarioFake() throws IOException {
        api.setDispatcher(this);
        api.start();
        cdn.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                cdnRequests.add(request);
                return new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "image/png")
                        .body(new okio.Buffer().write(PNG))
                        .build();
            }
        });
        cdn.start();
        answer(
                "POST /v1/generate/img2img?dryRun=true",
                json(269, "{\"creativeUnitsCost\":20,\"creativeUnitsDiscount\":0}"));
        answer("POST /v1/generate/img2img?dryRun=false", json(200, """
                {"creativeUnitsCost":20,"inference":{"id":"inf_1","status":"queued"},
                 "job":{"jobId":"job_abc","status":"queued","progress":0,"metadata":{}}}"""));
        answer("GET /v1/jobs/job_abc", job("success", 1, "\"assetIds\":[\"asset_one\",\"asset_two\"]"));
        answer(
                "GET /v1/models/model_sdxl",
                model("model_sdxl", "sd-xl", "trained", "[\"txt2img\",\"img2img\"]", false, "[]"));
        answer("GET /v1/models/model_sd15", model("model_sd15", "sd-1_5", "trained", "[\"img2img\"]", false, "[]"));
        answer("GET /v1/models/model_flux", model("model_flux", "flux.1", "trained", "[\"img2img\"]", false, "[]"));
        answer(
                "GET /v1/models/model_lora",
                model("model_lora", "flux.1-lora", "trained", "[\"img2img\"]", false, "[\"flux.1-dev\"]"));
        answer("GET /v1/models/model_txt", model("model_txt", "sd-xl", "trained", "[\"txt2img\"]", false, "[]"));
        answer("GET /v1/models/model_custom", model("model_custom", "custom", "trained", "[\"img2img\"]", true, "[]"));
        answer(
                "GET /v1/models/model_training",
                model("model_training", "sd-xl", "training", "[\"img2img\"]", false, "[]"));
        for (String asset : List.of("asset_one", "asset_two")) {
            answer(
                    "GET /v1/assets/" + asset,
                    json(
                            200,
                            "{\"asset\":{\"id\":\"" + asset + "\",\"mimeType\":\"image/png\"," + "\"url\":\""
                                    + cdn.url("/signed/" + asset + ".png?X-Amz-Signature=abc") + "\"}}"));
        }
    }

    String baseUrl() {
        return api.url("/v1").toString();
    }

    /** The default answer of a request line such as "GET /v1/jobs/job_abc". */
    void answer(String key, MockResponse response) {
        defaults.put(key, response);
    }

    /** Answers to give, in order, before the default. */
    void script(String key, MockResponse... responses) {
        scripts.computeIfAbsent(key, k -> new ArrayDeque<>()).addAll(List.of(responses));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    static MockResponse job(String status, double progress, String metadata) {
        return json(
                200,
                "{\"job\":{\"jobId\":\"job_abc\",\"jobType\":\"inference\",\"status\":\"" + status + "\",\"progress\":"
                        + progress + ",\"metadata\":{" + metadata
                        + "},\"statusHistory\":[],\"createdAt\":\"2026-11-24T00:00:00Z\","
                        + "\"updatedAt\":\"2026-11-24T00:00:01Z\"}}");
    }

    static MockResponse model(
            String id, String type, String status, String capabilities, boolean custom, String compliant) {
        return json(
                200,
                "{\"model\":{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"status\":\"" + status
                        + "\",\"capabilities\":" + capabilities + ",\"custom\":" + custom + ",\"compliantModelIds\":"
                        + compliant + "}}");
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        apiRequests.add(request);
        String key = request.getMethod() + " " + request.getUrl().encodedPath();
        if (request.getUrl().queryParameter("dryRun") != null) {
            key += "?dryRun=" + request.getUrl().queryParameter("dryRun");
        }
        Deque<MockResponse> script = scripts.get(key);
        if (script != null) {
            synchronized (script) {
                if (!script.isEmpty()) {
                    return script.poll();
                }
            }
        }
        return defaults.getOrDefault(key, json(404, "{\"message\":\"not found\"}"));
    }

    List<RecordedRequest> generationPosts() {
        return apiRequests.stream()
                .filter(r -> r.getMethod().equals("POST")
                        && "false".equals(r.getUrl().queryParameter("dryRun")))
                .toList();
    }

    List<RecordedRequest> dryRuns() {
        return apiRequests.stream()
                .filter(r ->
                        r.getMethod().equals("POST") && "true".equals(r.getUrl().queryParameter("dryRun")))
                .toList();
    }

    long count(String method, String pathPrefix) {
        return apiRequests.stream()
                .filter(r ->
                        r.getMethod().equals(method) && r.getUrl().encodedPath().startsWith(pathPrefix))
                .count();
    }

    @Override
    public void close() {
        api.close();
        cdn.close();
    }
}
