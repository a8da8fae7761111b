package io.img2img.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.adapter.http.StaticSite;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A static site handed in (as bootstrap hands in the playground): open GET pages, their headers, and the gate around them (SPEC §8). */
class PageRoutesTest {
    private static final StaticSite SITE = new StaticSite(
            Map.of(
                    "/",
                            new StaticSite.File(
                                    "text/html; charset=utf-8", "<p>page</p>".getBytes(StandardCharsets.UTF_8)),
                    "/playground/js/app.js",
                            new StaticSite.File(
                                    "text/javascript; charset=utf-8", "export {};".getBytes(StandardCharsets.UTF_8))),
            Map.of("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'", "X-Frame-Options", "DENY"));

    private static TestServer server(String token) {
        TestServer s = new TestServer(TestServer.Setup.defaults().token(token).site(SITE));
        s.ports.listJobs = (limit, before) -> new io.img2img.application.port.in.ListJobs.Page(List.of(), null);
        return s;
    }

    @Test
    void thePagesAreOpenWithTheirTypesAndEveryHeaderWhileTheApiStillNeedsTheToken() throws Exception {
        try (TestServer s = server("secret-token")) {
            HttpResponse<String> page = s.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).isEqualTo("<p>page</p>");
            assertThat(page.headers().firstValue("Content-Type").map(v -> v.replace(" ", "")))
                    .as("Jetty drops the space")
                    .hasValue("text/html;charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .hasValue("default-src 'none'; frame-ancestors 'none'");
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");

            HttpResponse<String> script = s.get("/playground/js/app.js");
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type").map(v -> v.replace(" ", "")))
                    .hasValue("text/javascript;charset=utf-8");
            assertThat(script.headers().firstValue("X-Frame-Options")).hasValue("DENY");

            assertThat(s.get("/playground/js/other.js").statusCode())
                    .as("only the files handed in")
                    .isEqualTo(404);
            assertThat(s.get("/playground/../v1/jobs").statusCode()).isNotEqualTo(200);
            assertThat(s.send("POST", "/", "x", "text/plain").statusCode())
                    .as("GET only is open")
                    .isEqualTo(401);
            assertThat(s.get("/v1/jobs").statusCode()).isEqualTo(401);
            assertThat(s.get("/v1/jobs", "Authorization", "Bearer secret-token").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void docsMayNotBeFramedEither() throws Exception {
        try (TestServer s = new TestServer()) {
            HttpResponse<String> docs = s.get("/docs");
            assertThat(docs.statusCode()).isEqualTo(200);
            assertThat(docs.headers().firstValue("Content-Security-Policy")).hasValue("frame-ancestors 'none'");
            assertThat(docs.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(s.get("/").statusCode()).as("no site handed in, no page").isEqualTo(404);
        }
    }

    @Test
    void theHostAndOriginRulesGuardThePagesToo() throws Exception {
        try (TestServer s = server(null)) {
            int port = s.server.port();
            assertThat(JobListAndHostTest.responseFor(port, "evil.example", "/"))
                    .startsWith("HTTP/1.1 403");
            assertThat(JobListAndHostTest.responseFor(port, "localhost:" + port, "/"))
                    .startsWith("HTTP/1.1 200");
            assertThat(s.get("/", "Origin", "https://evil.example").statusCode())
                    .isEqualTo(403);
        }
    }
}
