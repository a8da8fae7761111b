package io.img2img.bootstrap;

import static io.img2img.bootstrap.McpTestSupport.GENERATE;
import static io.img2img.bootstrap.McpTestSupport.JSON;
import static io.img2img.bootstrap.McpTestSupport.contents;
import static io.img2img.bootstrap.McpTestSupport.decode;
import static io.img2img.bootstrap.McpTestSupport.request;
import static io.img2img.bootstrap.McpTestSupport.schemaErrors;
import static io.img2img.bootstrap.McpTestSupport.structured;
import static io.img2img.bootstrap.McpTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import io.img2img.adapter.http.HttpServer;
import io.img2img.application.testkit.Await;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP over Streamable HTTP in the whole object graph of {@code img2img serve} (local backend, a token,
 * a 64 KiB body limit) on an ephemeral port: the SDK's client, and raw HTTP for what a client must
 * never get past (no token, a foreign Origin, a body over the limit). No answer carries a stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class McpHttpTest {
    private static final String TOKEN = "test-token-5f1c2a9e";
    private static final int MAX_BODY = 64 * 1024;
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    @TempDir
    static Path outputs;

    private HttpServer server;
    private String base;
    private McpSyncClient client;
    private final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        Settings settings = Settings.parse(
                "serve",
                List.of(
                        "--port",
                        "0",
                        "--backend",
                        "local",
                        "--output-dir",
                        outputs.toString(),
                        "--max-body-bytes",
                        String.valueOf(MAX_BODY),
                        "--database-url",
                        TempLedger.url()),
                Map.of("IMG2IMG_API_TOKEN", TOKEN));
        server = Guice.createInjector(Main.modules(settings)).getInstance(HttpServer.class);
        server.start();
        base = "http://127.0.0.1:" + server.port();
        client = McpClient.sync(HttpClientStreamableHttpTransport.builder(base)
                        .endpoint("/mcp")
                        .addHttpRequestCustomizer((builder, method, uri, body, context) ->
                                builder.header("Authorization", "Bearer " + TOKEN))
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress::add)
                .build();
        client.initialize();
    }

    @AfterAll
    void stop() {
        try {
            if (client != null) {
                client.closeGracefully();
            }
        } finally {
            if (server != null) {
                server.stop(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void anMcpClientWithTheTokenListsTheToolsAndGeneratesOnTheLocalBackend() throws Exception {
        McpSchema.Tool tool =
                McpTestSupport.assertToolsContract(client.listTools().tools());
        assertThat(tool.description()).contains("not accepted over HTTP");

        McpSchema.CallToolResult result = McpTestSupport.call(client, GENERATE, request(), "http-progress");
        assertThat(result.isError()).as(text(result)).isFalse();
        assertThat(schemaErrors(tool.outputSchema(), result.structuredContent()))
                .isEmpty();
        JsonNode s = structured(result);
        assertThat(s.get("backend").asText()).isEqualTo("local");
        assertThat(s.get("status").asText()).isEqualTo("success");
        assertThat(s.get("seed").asText()).isEqualTo("42");
        assertThat(s.get("images")).hasSize(2);
        for (JsonNode image : s.get("images")) {
            assertThat(Path.of(image.get("path").asText())).exists().startsWith(outputs);
            assertThat(image.get("url").asText())
                    .isEqualTo("img2img://assets/" + image.get("assetId").asText());
        }
        List<McpSchema.ImageContent> images = contents(result, McpSchema.ImageContent.class);
        assertThat(images).hasSize(2);
        for (McpSchema.ImageContent image : images) {
            BufferedImage decoded = decode(image);
            assertThat(decoded.getWidth()).isEqualTo(128);
            assertThat(decoded.getHeight()).isEqualTo(128);
        }
        assertThat(contents(result, McpSchema.ResourceLink.class)).hasSize(2);

        Await.until(
                () -> progress,
                seen -> seen.stream().anyMatch(n -> "http-progress".equals(n.progressToken()) && n.progress() == 1.0),
                Duration.ofSeconds(10));
        assertThat(progress)
                .filteredOn(n -> "http-progress".equals(n.progressToken()))
                .extracting(McpSchema.ProgressNotification::progress)
                .contains(1.0)
                .allMatch(v -> v >= 0 && v <= 1);
    }

    @Test
    void aFilePathInImageIsRefusedOverHttp() {
        for (String image : List.of(
                McpTestSupport.EXAMPLE.toString(),
                McpTestSupport.EXAMPLE.toUri().toString())) {
            McpSchema.CallToolResult result = McpTestSupport.call(client, GENERATE, request("image", image), null);
            assertThat(result.isError()).as(image).isTrue();
            JsonNode error = structured(result).get("error");
            assertThat(error.get("code").asText()).isEqualTo("invalid-request");
            assertThat(error.get("violations"))
                    .extracting(v -> v.get("field").asText())
                    .containsExactly("image");
            assertThat(error.at("/violations/0/message").asText()).contains("stdio");
            assertThat(text(result)).contains("- image:");
            assertThat(structured(result).path("images")).isEmpty();
        }
    }

    @Test
    void withoutTheTokenMcpIs401AndWithItItWorks() throws Exception {
        assertThat(plain(post(INITIALIZE)).statusCode()).isEqualTo(401);
        assertThat(plain(post(INITIALIZE, "Authorization", "Bearer wrong-" + TOKEN))
                        .statusCode())
                .isEqualTo(401);
        assertThat(plain(post(INITIALIZE, "Authorization", TOKEN)).statusCode()).isEqualTo(401);
        assertThat(plain(send(HttpRequest.newBuilder(URI.create(base + "/mcp"))
                                .header("Accept", "text/event-stream")
                                .GET()))
                        .statusCode())
                .isEqualTo(401);

        HttpResponse<String> authorised = plain(post(INITIALIZE, "Authorization", "Bearer " + TOKEN));
        assertThat(authorised.statusCode()).as(authorised.body()).isEqualTo(200);
        assertThat(authorised.headers().firstValue("Mcp-Session-Id")).isPresent();
        assertThat(authorised.body()).contains("\"serverInfo\"");

        McpSyncClient anonymous = McpClient.sync(HttpClientStreamableHttpTransport.builder(base)
                        .endpoint("/mcp")
                        .build())
                .requestTimeout(Duration.ofSeconds(10))
                .initializationTimeout(Duration.ofSeconds(10))
                .build();
        try {
            assertThatThrownBy(anonymous::initialize)
                    .as("the SDK client without the token is refused")
                    .isInstanceOf(RuntimeException.class);
        } finally {
            anonymous.close();
        }
    }

    @Test
    void aForeignOriginIs403() throws Exception {
        String auth = "Bearer " + TOKEN;
        HttpResponse<String> foreign = plain(post(INITIALIZE, "Authorization", auth, "Origin", "https://evil.example"));
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
        assertThat(plain(send(HttpRequest.newBuilder(URI.create(base + "/mcp"))
                                .header("Authorization", auth)
                                .header("Origin", "https://evil.example")
                                .header("Accept", "text/event-stream")
                                .GET()))
                        .statusCode())
                .isEqualTo(403);
        assertThat(plain(post(INITIALIZE, "Authorization", auth, "Origin", "http://localhost.evil.example"))
                        .statusCode())
                .isEqualTo(403);

        for (String local : List.of("http://localhost:5173", "http://127.0.0.1:" + server.port())) {
            HttpResponse<String> allowed = plain(post(INITIALIZE, "Authorization", auth, "Origin", local));
            assertThat(allowed.statusCode()).as(local + ": " + allowed.body()).isEqualTo(200);
        }
    }

    @Test
    void aBodyPastTheLimitIs413() throws Exception {
        String session = session();
        String big = JSON.writeValueAsString(Map.of(
                "jsonrpc",
                "2.0",
                "id",
                3,
                "method",
                "tools/call",
                "params",
                Map.of("name", GENERATE, "arguments", request("prompt", "x".repeat(2 * MAX_BODY)))));
        assertThat(big.length()).isGreaterThan(MAX_BODY);
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        List<String> headers = List.of(
                "Content-Type: application/json",
                "Accept: application/json, text/event-stream",
                "Authorization: Bearer " + TOKEN,
                "Mcp-Session-Id: " + session,
                "MCP-Protocol-Version: 2025-06-18");

        RawAnswer sized = rawPost(headers, bytes, false);
        assertThat(sized.status()).as(sized.body()).isEqualTo(413);
        RawAnswer chunked = rawPost(headers, bytes, true);
        assertThat(chunked.status())
                .as("without Content-Length: " + chunked.body())
                .isEqualTo(413);
        for (RawAnswer answer : List.of(sized, chunked)) {
            assertThat(answer.body()).doesNotContain("at io.", "at java.", "\tat ", "Exception", "stackTrace");
        }

        HttpResponse<String> after =
                plain(post(TOOLS_LIST, "Authorization", "Bearer " + TOKEN, "Mcp-Session-Id", session));
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(after.body()).contains(GENERATE);
    }

    @Test
    void noAnswerCarriesAStackTrace() throws Exception {
        String auth = "Bearer " + TOKEN;
        String session = session();
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(post(INITIALIZE));
        answers.add(post(INITIALIZE, "Authorization", auth, "Origin", "https://evil.example"));
        answers.add(post("{not json", "Authorization", auth, "Mcp-Session-Id", session));
        answers.add(post("{not json", "Authorization", auth));
        answers.add(post("[1, 2, 3]", "Authorization", auth, "Mcp-Session-Id", session));
        answers.add(post(TOOLS_LIST, "Authorization", auth, "Mcp-Session-Id", "no-such-session"));
        answers.add(post(TOOLS_LIST, "Authorization", auth));
        answers.add(send(HttpRequest.newBuilder(URI.create(base + "/mcp"))
                .header("Authorization", auth)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(TOOLS_LIST))));
        answers.add(send(HttpRequest.newBuilder(URI.create(base + "/mcp"))
                .header("Authorization", auth)
                .header("Accept", "text/event-stream")
                .GET()));
        answers.add(send(HttpRequest.newBuilder(URI.create(base + "/mcp"))
                .header("Authorization", auth)
                .header("Mcp-Session-Id", "no-such-session")
                .DELETE()));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode())
                    .as(answer.request() + " " + answer.body())
                    .isBetween(400, 499);
        }
        String call =
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"%s\",\"arguments\":%s}}";
        List<HttpResponse<String>> inSession = List.of(
                post(
                        call.formatted(
                                GENERATE,
                                JSON.writeValueAsString(Map.of(
                                        "strength",
                                        "strong",
                                        "width",
                                        -1,
                                        "image",
                                        "data:image/png;base64,@@@",
                                        "concepts",
                                        "none"))),
                        "Authorization",
                        auth,
                        "Mcp-Session-Id",
                        session),
                post(call.formatted("no-such-tool", "{}"), "Authorization", auth, "Mcp-Session-Id", session),
                post(
                        call.formatted(McpTestSupport.GET_JOB, "{\"jobId\":\"../../etc/passwd\"}"),
                        "Authorization",
                        auth,
                        "Mcp-Session-Id",
                        session),
                post(
                        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"resources/read\",\"params\":{\"uri\":"
                                + "\"img2img://assets/../../etc/passwd\"}}",
                        "Authorization",
                        auth,
                        "Mcp-Session-Id",
                        session),
                post(
                        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"no/such/method\"}",
                        "Authorization",
                        auth,
                        "Mcp-Session-Id",
                        session),
                post(
                        call.formatted(
                                GENERATE, JSON.writeValueAsString(request("numSamples", 1, "width", 64, "height", 64))),
                        "Authorization",
                        auth,
                        "Mcp-Session-Id",
                        session));
        for (HttpResponse<String> answer : inSession) {
            assertThat(answer.statusCode()).as(answer.body()).isLessThan(500);
            assertThat(answer.body()).as("an answer in the session").contains("\"id\":");
        }
        assertThat(inSession.get(0).body()).contains("\"isError\":true", "strength", "width", "image", "concepts");
        assertThat(inSession.get(inSession.size() - 1).body()).contains("\"status\":\"success\"", "\"isError\":false");
        answers.addAll(inSession);
        answers.forEach(McpHttpTest::plain);
    }

    /** A raw initialize with the token, and the notification that completes it: the session id. */
    private String session() throws Exception {
        HttpResponse<String> init = plain(post(INITIALIZE, "Authorization", "Bearer " + TOKEN));
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> initialized = post(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "Authorization",
                "Bearer " + TOKEN,
                "Mcp-Session-Id",
                session);
        assertThat(initialized.statusCode()).isBetween(200, 299);
        return session;
    }

    private HttpResponse<String> post(String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-06-18")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpCalls.CLIENT.send(
                request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    record RawAnswer(int status, String body) {}

    /**
     * A POST to /mcp over a plain socket that, like curl, reads the answer while the body is still being
     * sent: the gate answers 413 before reading an oversized body, and java.net.http (which only reads
     * once it has written everything) then sometimes sees the connection reset instead of the answer.
     */
    private RawAnswer rawPost(List<String> headers, byte[] body, boolean chunked) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n");
            headers.forEach(h -> head.append(h).append("\r\n"));
            head.append(chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length)
                    .append("\r\n");
            head.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(
                    () -> {
                        try {
                            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                            for (int off = 0; off < body.length; off += 8192) {
                                int n = Math.min(8192, body.length - off);
                                if (chunked) {
                                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                                }
                                out.write(body, off, n);
                                if (chunked) {
                                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                                }
                            }
                            if (chunked) {
                                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            }
                            out.flush();
                        } catch (IOException e) {
                            // the server answered and closed before taking the whole body: the answer is what counts
                        }
                    },
                    "raw-post-body");
            writer.start();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            int length = -1;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            byte[] answer = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
            writer.join(10_000);
            return new RawAnswer(
                    Integer.parseInt(statusLine.split(" ")[1]), new String(answer, StandardCharsets.UTF_8));
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    /** The answer, once checked for anything that looks like a Java stack trace or exception. */
    private static HttpResponse<String> plain(HttpResponse<String> answer) {
        assertThat(answer.body())
                .as(answer.request() + " -> " + answer.statusCode())
                .doesNotContain("at io.", "at java.", "\tat ", "Exception", "stackTrace", "localizedMessage");
        return answer;
    }
}
