package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.CLIENT;
import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.testkit.Await;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security review's memory bombs (../shared/reviews/security-2026-12-07.md, findings 2, 3, 6 and 7) against
 * the fat jar with the launcher's heap ({@code -Xmx1g -XX:+UseSerialGC}, what {@code ./img2img serve} runs): each
 * answer is a 2xx or a clean 4xx, never a 500, the server never logs an OutOfMemoryError, and a legitimate call
 * afterwards is answered.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // every wait inside is bounded; this only stops a hang
class HostileInputsIT {
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{%s},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";

    @TempDir
    Path dir;

    private ServeProcess server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    /** The launcher's JVM flags (the {@code jvm=(…)} line of {@code ./img2img}). */
    private ServeProcess serve() throws Exception {
        List<String> java = new ArrayList<>(Processes.java());
        int jar = java.indexOf("-jar");
        java.addAll(jar, List.of("-Xmx1g", "-XX:+UseSerialGC"));
        server = ServeProcess.start(java, ServeProcess.env(dir, "IMG2IMG_BACKEND", "local"));
        return server;
    }

    private HttpResponse<String> mcp(String session, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/mcp")))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String openSession() throws Exception {
        HttpResponse<String> init = mcp(null, INITIALIZE.formatted(""));
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        mcp(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return session;
    }

    private void assertNoOutOfMemory() {
        assertThat(server.stderrText())
                .doesNotContain("OutOfMemoryError", "Java heap space", "Requested array size exceeds VM limit");
        assertThat(server.process.isAlive()).isTrue();
    }

    @Test
    void threeHundredSessionsAndAHundredAndTwentyFatInitializesLeaveTheServerServing() throws Exception {
        serve();
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            answers.add(pool.submit(() -> mcp(null, INITIALIZE.formatted(""))));
        }
        List<String> sessions = new ArrayList<>();
        int refused = 0;
        for (Future<HttpResponse<String>> f : answers) {
            HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
            if (r.statusCode() == 200) {
                sessions.add(r.headers().firstValue("Mcp-Session-Id").orElseThrow());
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(json(r).at("/error/message").asText()).contains("IMG2IMG_MAX_MCP_SESSIONS");
                refused++;
            }
        }
        assertThat(sessions).as("the default cap").hasSize(256);
        assertThat(refused).isEqualTo(44);

        String pad = "\"experimental\":{\"pad\":{\"x\":\"" + "a".repeat(8 * 1024 * 1024) + "\"}}";
        String fat = INITIALIZE.formatted(pad);
        answers.clear();
        for (int i = 0; i < 120; i++) {
            answers.add(pool.submit(() -> mcp(null, fat)));
        }
        for (Future<HttpResponse<String>> f : answers) {
            HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
            assertThat(json(r).at("/error/message").asText()).contains("initialize");
        }

        HttpResponse<String> ping = mcp(sessions.get(17), "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}");
        assertThat(ping.statusCode()).as("an open session still answers").isEqualTo(200);
        for (String session : sessions.subList(0, 10)) {
            HttpResponse<String> deleted = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(server.url("/mcp")))
                            .header("Mcp-Session-Id", session)
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).isEqualTo(200);
        }
        String fresh = openSession();
        HttpResponse<String> tools = mcp(fresh, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        assertThat(tools.statusCode()).isEqualTo(200);
        assertThat(tools.body()).contains("post-img2img-inferences");
        assertThat(get(server.url("/v1/jobs?limit=1")).statusCode()).isEqualTo(200);
        assertNoOutOfMemory();
    }

    @Test
    void thirtyOneMegabytesOfBracketsAreRefusedQuicklyWhileAnUnrelatedCallIsAnswered() throws Exception {
        serve();
        String session = openSession();
        StringBuilder lists =
                new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\",\"params\":{\"x\":[[]");
        while (lists.length() < 31_000_000) {
            lists.append(",[]");
        }
        String wide = lists.append("]}}").toString();
        String deep =
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\",\"params\":{\"x\":" + "[".repeat(31_000_000) + "}}";
        List<Future<HttpResponse<String>>> bombs = List.of(
                pool.submit(() -> mcp(session, wide)),
                pool.submit(() -> mcp(session, deep)),
                pool.submit(() -> mcp(session, wide)));
        HttpResponse<String> unrelated = get(server.url("/v1/jobs?limit=1"));
        assertThat(unrelated.statusCode()).isEqualTo(200);
        for (Future<HttpResponse<String>> f : bombs) {
            HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            JsonNode error = json(r);
            assertThat(error.at("/error/message").asText()).contains("bound on JSON");
            assertThat(r.body()).doesNotContain("StreamReadConstraints", "com.fasterxml", "io.modelcontextprotocol");
        }
        assertThat(mcp(session, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}")
                        .statusCode())
                .isEqualTo(200);
        assertNoOutOfMemory();
    }

    @Test
    void imageBombsPostedTogetherAreRefusedNamingTheRuleOrRenderWithinTheHeap() throws Exception {
        serve();
        String gif = "data:image/gif;base64," + Base64.getEncoder().encodeToString(gifBomb());
        List<Future<HttpResponse<String>>> bombs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bombs.add(pool.submit(() -> post(server.url("/v1/generate/img2img"), body("image", gif, "numSamples", 1))));
        }
        String tall = "data:image/png;base64," + Base64.getEncoder().encodeToString(grayPng(1, 40_000_000));
        String wide = "data:image/png;base64," + Base64.getEncoder().encodeToString(grayPng(790, 50_600));
        List<Future<HttpResponse<String>>> renders = List.of(
                pool.submit(() -> post(
                        server.url("/v1/generate/img2img"),
                        body("image", tall, "numSamples", 1, "width", 512, "height", 512))),
                pool.submit(() -> post(
                        server.url("/v1/generate/img2img"),
                        body("image", wide, "numSamples", 1, "width", 2048, "height", 2048))));
        for (Future<HttpResponse<String>> f : bombs) {
            HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(json(r).get("errors").toString())
                    .contains("\"field\":\"image\"")
                    .contains("100000000 pixels")
                    .contains("40000000");
        }
        for (Future<HttpResponse<String>> f : renders) {
            HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
            String jobId = json(r).get("jobId").asText();
            JsonNode done = Await.until(
                    () -> json(get(server.url("/v1/jobs/" + jobId))),
                    j -> !j.path("status").asText().matches("queued|in-progress"),
                    Duration.ofSeconds(180));
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("success");
            assertThat(done.at("/images/0/width").asInt()).isPositive();
        }
        assertThat(get(server.url("/v1/jobs?limit=1")).statusCode()).isEqualTo(200);
        assertNoOutOfMemory();
    }

    /** A GIF whose screen says 64×64 and whose one frame is 10000×10000 (SPEC §3's bound is 40 MP). */
    private static byte[] gifBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {64, 0, 64, 0, (byte) 0x80, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 0x10, 0x27, 0x10, 0x27, 0}); // 10000 = 0x2710
        out.writeBytes(new byte[] {2, 2, 0x44, 0x01, 0, 0x3B});
        return out.toByteArray();
    }

    /** An 8-bit grey PNG of {@code w}×{@code h}, deflated as it is written (a tall one is tiny on disk). */
    private static byte[] grayPng(int w, int h) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (OutputStream z = new BufferedOutputStream(
                new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16), 1 << 16)) {
            byte[] row = new byte[w + 1];
            for (int y = 0; y < h; y++) {
                for (int x = 1; x <= w; x++) {
                    row[x] = (byte) ((x + y / 64) & 0xFF);
                }
                z.write(row);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(ihdr);
        header.writeInt(w);
        header.writeInt(h);
        header.writeBytes("\u0008\u0000\u0000\u0000\u0000"); // depth 8, grey, deflate, no filter method, no interlace
        chunk(png, "IHDR", ihdr.toByteArray());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        out.writeInt(data.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
