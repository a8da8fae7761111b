package io.img2img.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.adapter.http.ClientLimits;
import io.img2img.adapter.http.HttpServer;
import io.img2img.adapter.http.HttpSettings;
import io.img2img.adapter.http.StaticSite;
import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.job.JobEngine;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.application.testkit.FakeBackend;
import io.img2img.application.testkit.InstantClock;
import io.img2img.application.testkit.MemoryAssetStore;
import io.img2img.application.testkit.MemoryJobLedger;
import io.img2img.application.testkit.PngHeaderCodec;
import io.img2img.application.usecase.CancelJobService;
import io.img2img.application.usecase.DescribeServerService;
import io.img2img.application.usecase.GenerateImageService;
import io.img2img.application.usecase.GetJobService;
import io.img2img.application.usecase.JobListService;
import io.img2img.application.usecase.ListModelsService;
import io.img2img.application.usecase.PreviewAssetService;
import io.img2img.application.usecase.ReadAssetService;
import io.img2img.application.usecase.ReportUsageService;
import io.img2img.domain.model.Model;
import io.img2img.domain.result.Backend;
import jakarta.servlet.Servlet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A real server on an ephemeral port over the real services, with in-test fakes of the outbound ports. */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    final FakeBackend backend = new FakeBackend();

    {
        backend.pollsToFinish = 2;
        backend.pricePerSample = 2.5;
        backend.headerOnlyImages = true; // the REST tests read no pixels
    }

    final MemoryAssetStore store = new MemoryAssetStore();
    final MemoryJobLedger ledger = new MemoryJobLedger();
    final JobEngine jobs;
    final RestApi rest;
    final HttpServer server;
    final String base;

    TestServer(String token, List<String> origins, long maxBody, ServicePolicy policy, Map<String, Servlet> servlets) {
        this(token, origins, maxBody, policy, LedgerPolicy.defaults(), servlets, null);
    }

    TestServer(
            String token,
            List<String> origins,
            long maxBody,
            ServicePolicy policy,
            LedgerPolicy ledgerPolicy,
            Map<String, Servlet> servlets,
            String publicUrl) {
        this(
                token,
                origins,
                maxBody,
                policy,
                ledgerPolicy,
                servlets,
                publicUrl,
                HttpSettings.EVENT_HEARTBEAT,
                StaticSite.NONE);
    }

    /** A default server whose job event streams send a heartbeat after {@code eventHeartbeat} of silence. */
    TestServer(Duration eventHeartbeat) {
        this(
                null,
                List.of(),
                1 << 20,
                ServicePolicy.defaults(),
                LedgerPolicy.defaults(),
                Map.of(),
                null,
                eventHeartbeat,
                StaticSite.NONE);
    }

    TestServer(
            String token,
            List<String> origins,
            long maxBody,
            ServicePolicy policy,
            LedgerPolicy ledgerPolicy,
            Map<String, Servlet> servlets,
            String publicUrl,
            Duration eventHeartbeat,
            StaticSite site) {
        this(
                token,
                origins,
                maxBody,
                policy,
                ledgerPolicy,
                servlets,
                publicUrl,
                eventHeartbeat,
                site,
                ClientLimits.DEFAULTS);
    }

    TestServer(
            String token,
            List<String> origins,
            long maxBody,
            ServicePolicy policy,
            LedgerPolicy ledgerPolicy,
            Map<String, Servlet> servlets,
            String publicUrl,
            Duration eventHeartbeat,
            StaticSite site,
            ClientLimits limits) {
        InstantClock clock = new InstantClock(); // the waiting policy, without sleeping
        ModelCatalog models = id -> id.startsWith("model_missing") ? Optional.empty() : Optional.of(Model.unknown(id));
        jobs = JobEngine.create(ledger, backend, models, new PngHeaderCodec(), store, clock, policy, ledgerPolicy);
        GenerateImageService generate = new GenerateImageService(backend, models, new PngHeaderCodec(), jobs, policy);
        RestUseCases useCases = new RestUseCases(
                generate,
                new GetJobService(jobs),
                new ReadAssetService(store),
                new DescribeServerService(Backend.of(backend.name()).orElseThrow(), "test", policy),
                new ListModelsService(models, backend.name()),
                new PreviewAssetService(store, new PngHeaderCodec()),
                new JobListService(jobs),
                new CancelJobService(jobs),
                new JobListService(jobs),
                new ReportUsageService(jobs));
        HttpSettings settings = new HttpSettings(
                "127.0.0.1",
                0,
                token,
                origins,
                publicUrl,
                maxBody,
                HttpSettings.DEFAULT_MAX_EVENT_STREAMS,
                eventHeartbeat,
                limits);
        rest = new RestApi(settings, useCases);
        server = new HttpServer(settings, List.of(rest), servlets, site);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    TestServer() {
        this(null, List.of(), 1 << 20, ServicePolicy.defaults(), Map.of());
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
    }

    static String png(int w, int h) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(PngHeaderCodec.png(w, h));
    }

    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelId", "model_x");
        body.put("prompt", "a lighthouse");
        body.put("image", png(64, 64));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    HttpResponse<String> post(String path, Object body, String... headers) throws Exception {
        return send("POST", path, JSON.writeValueAsString(body), "application/json", headers);
    }

    HttpResponse<String> send(String method, String path, String body, String contentType, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, null, null, headers);
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }
}
