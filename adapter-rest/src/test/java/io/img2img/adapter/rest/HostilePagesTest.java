package io.img2img.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.img2img.adapter.http.HttpServer;
import io.img2img.adapter.http.HttpSettings;
import io.img2img.adapter.http.Loopback;
import io.img2img.application.testkit.PngHeaderCodec;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security review 2026-12-07, findings 1 and 4: loopback is an address, not a name prefix (bind rule, Host and
 * Origin alike), and every rule decides on the path the router routes.
 */
class HostilePagesTest {
    private static final String TOKEN = "a-token-of-24-characters";

    @Test
    void loopbackIsAnAddressOrTheNameLocalhostNeverAPrefix() {
        for (String loopback : List.of(
                "localhost",
                "LOCALHOST",
                "127.0.0.1",
                "127.1.2.3",
                "127.255.255.254",
                "::1",
                "[::1]",
                "0:0:0:0:0:0:0:1")) {
            assertThat(Loopback.is(loopback)).as(loopback).isTrue();
        }
        for (String other : List.of(
                "127.attacker.example",
                "127.0.0.1.nip.io",
                "localhost.x.example",
                "127.lan.example",
                "localhost.",
                "127.1",
                "127.0.0.256",
                "0.0.0.0",
                "::",
                "[::ffff:127.0.0.1]",
                "::ffff:127.0.0.1",
                "192.168.1.1",
                "",
                "x127.0.0.1")) {
            assertThat(Loopback.is(other)).as(other).isFalse();
        }
    }

    @Test
    void aNameStartingWith127IsNoLoopbackBindWithoutAToken() {
        // .invalid never resolves (RFC 6761): the name is no address of this machine, whatever it starts with
        assertThatThrownBy(() -> new HttpSettings("127.lan.invalid", 0, null, List.of(), null, 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IMG2IMG_API_TOKEN")
                .hasMessageContaining("does not resolve");
        assertThatThrownBy(() -> new HttpSettings("127.0.0.1.nip.invalid", 0, null, List.of(), null, 1024))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpSettings("0.0.0.0", 0, null, List.of(), null, 1024))
                .hasMessageContaining("not a loopback address");
        for (String host : List.of("127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]")) {
            assertThat(new HttpSettings(host, 0, null, List.of(), null, 1024).host())
                    .isEqualTo(host);
        }
        assertThat(new HttpSettings("127.lan.invalid", 0, TOKEN, List.of(), null, 1024).host())
                .isEqualTo("127.lan.invalid");
    }

    /** A browser posts a form to another origin without a preflight: the page's Origin is all the server sees. */
    @Test
    void lookAlikeAndNullOriginsAre403AndStartNothing() throws Exception {
        try (TestServer s = new TestServer()) {
            for (String origin : List.of(
                    "null",
                    "http://127.attacker.example",
                    "http://localhost.x.example",
                    "http://127.0.0.1.nip.io",
                    "http://127.0.0.1.nip.io:" + s.server.port(),
                    "https://127.1.example")) {
                RawHttp.Answer answer =
                        RawHttp.exchange("127.0.0.1", s.server.port(), formPost(s.server.port(), origin));
                assertThat(answer.status()).as(origin).isEqualTo(403);
                assertThat(answer.body()).contains("forbidden-origin");
            }
            assertThat(s.ports.generateCalls)
                    .as("no generation reached the application")
                    .isEmpty();

            // the same form from the server's own loopback page starts its job: the port is called once
            s.ports.generate = call -> StubUseCases.inProgress("job_own", 0);
            RawHttp.Answer own = RawHttp.exchange(
                    "127.0.0.1", s.server.port(), formPost(s.server.port(), "http://127.0.0.1:" + s.server.port()));
            assertThat(own.status()).as(own.body()).isEqualTo(202);
            assertThat(s.ports.generateCalls).hasSize(1);
        }
    }

    @Test
    void theHostRuleTakesEveryLoopbackAddressAndNoLookAlike() throws Exception {
        try (TestServer s = new TestServer()) {
            s.ports.listJobs = (limit, before) -> new io.img2img.application.port.in.ListJobs.Page(List.of(), null);
            int port = s.server.port();
            for (String host : List.of("127.0.0.2", "localhost:" + port, "[::1]:" + port)) {
                assertThat(withHost(port, host).status()).as(host).isEqualTo(200);
            }
            for (String host : List.of("127.attacker.example", "localhost.x.example", "127.0.0.1.nip.io", "127.1")) {
                assertThat(withHost(port, host).status()).as(host).isEqualTo(403);
            }
        }
    }

    /** Finding 4: Jetty routes /playground/../mcp to /mcp; the token rule must see /mcp too. */
    @Test
    void noSpellingOfAProtectedPathPassesTheTokenAsAPage() throws Exception {
        HttpServlet mcp = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.setStatus(200);
                res.getWriter().write("reached the protected servlet");
            }
        };
        try (TestServer s =
                new TestServer(TestServer.Setup.defaults().token(TOKEN).servlets(Map.of("/mcp", mcp)))) {
            int port = s.server.port();
            for (String method : List.of("GET", "HEAD")) {
                for (String target : List.of(
                        "/playground/../mcp",
                        "/playground/%2e%2e/mcp",
                        "/playground/.%2e/mcp",
                        "/playground/%2E%2E/mcp",
                        "/playground/x/../../mcp",
                        "/playground/..;/mcp",
                        "/playground/..%2fmcp",
                        "/playground/%2e%2e%2fmcp",
                        "//mcp",
                        "/./mcp",
                        "/playground/./../mcp",
                        "/playground\\..\\mcp")) {
                    RawHttp.Answer answer = RawHttp.get(
                            "127.0.0.1", port, method, target, "Mcp-Session-Id: any", "Accept: text/event-stream");
                    assertThat(answer.status()).as(method + " " + target).isIn(400, 401, 404);
                    assertThat(answer.body()).as(method + " " + target).doesNotContain("reached");
                }
            }
            assertThat(RawHttp.get("127.0.0.1", port, "GET", "/playground/../mcp")
                            .body())
                    .contains("ambiguous-path");
            assertThat(RawHttp.get("127.0.0.1", port, "GET", "/mcp").status()).isEqualTo(401);
            assertThat(RawHttp.get("127.0.0.1", port, "GET", "/mcp", "Authorization: Bearer " + TOKEN)
                            .body())
                    .contains("reached");
            assertThat(RawHttp.get("127.0.0.1", port, "GET", "/health").status())
                    .isEqualTo(200);
            assertThat(RawHttp.get("127.0.0.1", port, "GET", "/v1/jobs").status())
                    .isEqualTo(401);
        }
    }

    @Test
    void assetsBehindTheTokenArePrivateToTheClient() throws Exception {
        assertThat(RestApi.assetCaching(true)).startsWith("private,").doesNotContain("public");
        assertThat(RestApi.assetCaching(false)).startsWith("public,");
        try (TestServer s = new TestServer(TestServer.Setup.defaults().token(TOKEN))) {
            s.ports.generate = call -> StubUseCases.success("job_1", 1);
            s.ports.assets = id -> StubUseCases.asset(id, "image/png", PngHeaderCodec.png(64, 64));
            s.ports.previews = (id, side) -> StubUseCases.asset(id, "image/png", PngHeaderCodec.png(side, side));
            String auth = "Bearer " + TOKEN;
            var posted = s.post("/v1/generate/img2img", TestServer.body(), "Authorization", auth, "Prefer", "wait=20");
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
            var done = TestServer.json(posted);
            String url = done.at("/images/0/url").asText();
            String path = url.substring(url.indexOf("/v1/assets/"));
            var asset = s.get(path, "Authorization", auth);
            assertThat(asset.statusCode()).isEqualTo(200);
            assertThat(asset.headers().firstValue("Cache-Control"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("private"));
            var preview = s.get(path + "?maxSide=32", "Authorization", auth);
            assertThat(preview.headers().firstValue("Cache-Control").orElse("")).doesNotContain("public");
        }
    }

    @Test
    void anIpv6HostIsBracketedOnceInThePublicUrl() {
        assertThat(HttpServer.hostInUrl("::1")).isEqualTo("[::1]");
        assertThat(HttpServer.hostInUrl("[::1]")).isEqualTo("[::1]");
        assertThat(HttpServer.hostInUrl("127.0.0.1")).isEqualTo("127.0.0.1");
    }

    private static RawHttp.Answer withHost(int port, String host) throws IOException {
        return RawHttp.exchange(
                "127.0.0.1",
                port,
                ("GET /v1/jobs HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
    }

    static byte[] formPost(int port, String origin) throws IOException {
        String boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field :
                new String[][] {{"modelId", "model_x"}, {"prompt", "a lighthouse"}, {"numSamples", "4"}}) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n"
                            + field[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"ref.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(PngHeaderCodec.png(64, 64));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] content = body.toByteArray();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("POST /v1/generate/img2img HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: " + origin
                        + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                        + content.length
                        + "\r\nPrefer: wait=0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        request.write(content);
        return request.toByteArray();
    }

    static Duration seconds(long n) {
        return Duration.ofSeconds(n);
    }
}
