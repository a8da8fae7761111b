package io.img2img.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.adapter.http.ClientLimits;
import io.img2img.adapter.http.HttpServer;
import io.img2img.adapter.http.HttpSettings;
import io.img2img.adapter.http.StaticSite;
import io.img2img.application.testkit.PngHeaderCodec;
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

/**
 * A real server on an ephemeral port, its gate and the REST routes, over inbound ports the test stubs
 * ({@link StubUseCases}): no application behind it.
 */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** How the server is configured: the defaults, and a wither for each setting a test changes. */
    record Setup(
            String token,
            List<String> origins,
            long maxBody,
            Map<String, Servlet> servlets,
            String publicUrl,
            Duration eventHeartbeat,
            StaticSite site,
            ClientLimits limits) {
        static Setup defaults() {
            return new Setup(
                    null,
                    List.of(),
                    1 << 20,
                    Map.of(),
                    null,
                    HttpSettings.EVENT_HEARTBEAT,
                    StaticSite.NONE,
                    ClientLimits.DEFAULTS);
        }

        Setup token(String value) {
            return new Setup(value, origins, maxBody, servlets, publicUrl, eventHeartbeat, site, limits);
        }

        Setup origins(List<String> value) {
            return new Setup(token, value, maxBody, servlets, publicUrl, eventHeartbeat, site, limits);
        }

        Setup maxBody(long value) {
            return new Setup(token, origins, value, servlets, publicUrl, eventHeartbeat, site, limits);
        }

        Setup servlets(Map<String, Servlet> value) {
            return new Setup(token, origins, maxBody, value, publicUrl, eventHeartbeat, site, limits);
        }

        Setup publicUrl(String value) {
            return new Setup(token, origins, maxBody, servlets, value, eventHeartbeat, site, limits);
        }

        Setup eventHeartbeat(Duration value) {
            return new Setup(token, origins, maxBody, servlets, publicUrl, value, site, limits);
        }

        Setup site(StaticSite value) {
            return new Setup(token, origins, maxBody, servlets, publicUrl, eventHeartbeat, value, limits);
        }

        Setup limits(ClientLimits value) {
            return new Setup(token, origins, maxBody, servlets, publicUrl, eventHeartbeat, site, value);
        }
    }

    final StubUseCases ports;
    final RestApi rest;
    final HttpServer server;
    final String base;

    TestServer() {
        this(Setup.defaults());
    }

    TestServer(Setup setup) {
        this(setup, new StubUseCases());
    }

    TestServer(Setup setup, StubUseCases ports) {
        this.ports = ports;
        HttpSettings settings = new HttpSettings(
                "127.0.0.1",
                0,
                setup.token(),
                setup.origins(),
                setup.publicUrl(),
                setup.maxBody(),
                HttpSettings.DEFAULT_MAX_EVENT_STREAMS,
                setup.eventHeartbeat(),
                setup.limits());
        rest = new RestApi(settings, ports.useCases());
        server = new HttpServer(settings, List.of(rest), setup.servlets(), setup.site());
        server.start();
        base = "http://127.0.0.1:" + server.port();
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
