package io.img2img.adapter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.domain.result.Backend;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The handshake answered without the application: what the full server answers, then the full server. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StdioHandshakeTest {
    /** A version that needs escaping in JSON, as a build's version string might. */
    private static final String VERSION = "1.2.3-\"test\"\\";

    @TempDir
    Path outputs;

    @Test
    void theHandshakeAnswersWhatTheFullServerAnswersForEveryBackendBudgetAndProtocolVersion() throws Exception {
        List<String> versions = new ArrayList<>(new StdioServerTransportProvider(
                        ServerAssembly.JSON, InputStream.nullInputStream(), OutputStream.nullOutputStream())
                .protocolVersions());
        versions.add("1900-01-01"); // not supported: the SDK answers with its latest
        for (Backend backend : Backend.values()) {
            for (long wait : List.of(0L, 45L, 300L)) {
                for (String protocol : wait == 45 ? versions : List.of(versions.get(0))) {
                    McpSettings settings = settings(wait);
                    String script = handshake(protocol);
                    List<String> full = lines(fullServer(backend, settings, script));
                    ByteArrayOutputStream early = new ByteArrayOutputStream();
                    boolean handedOver = StdioHandshake.of(backend.wireName(), VERSION, settings)
                            .serve(input(script), early, new SessionHandoff());
                    assertThat(handedOver)
                            .as("stdin ended within the handshake")
                            .isFalse();
                    // the same JSON: member order is not the same from one JVM to the next (the schemas are Map.of)
                    assertThat(trees(lines(early.toString(StandardCharsets.UTF_8))))
                            .as("%s backend, %d s, protocol %s", backend, wait, protocol)
                            .hasSize(5)
                            .containsExactlyInAnyOrderElementsOf(trees(full));
                }
            }
        }
    }

    @Test
    void aToolCallRightAfterInitializeWaitsForTheFullServerWhichAnswersItInTheSameSession() throws Exception {
        Fixture fixture = new Fixture(outputs);
        fixture.ports.generate = c -> io.img2img.domain.result.Img2ImgResult.dryRun(StubUseCases.BACKEND, 5);
        fixture.ports.previews = (images, budget) -> new io.img2img.application.port.in.PreviewImages.Previews(
                io.img2img.application.port.in.PreviewImages.Mode.NONE, List.of());
        var about = fixture.useCases.server().describe();
        Pipe stdin = new Pipe();
        Pipe stdout = new Pipe();
        PrintStream out = new PrintStream(stdout.out, true, StandardCharsets.UTF_8);
        SessionHandoff session = new SessionHandoff();
        CompletableFuture<Boolean> handshake = CompletableFuture.supplyAsync(() -> {
            try {
                return StdioHandshake.of(about.backend().wireName(), about.version(), fixture.settings)
                        .serve(stdin.in, out, session);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        BufferedReader answers = new BufferedReader(new InputStreamReader(stdout.in, StandardCharsets.UTF_8));
        Map<String, Object> call = Map.of(
                "jsonrpc",
                "2.0",
                "id",
                2,
                "method",
                "tools/call",
                "params",
                Map.of(
                        "name",
                        "post-img2img-inferences",
                        "arguments",
                        withDryRun(Fixture.request()),
                        "_meta",
                        Map.of("progressToken", "p1")));
        stdin.out.write((initialize(1, "2025-06-18") + "\n" + initialized() + "\n"
                        + Fixture.JSON.writeValueAsString(call) + "\n")
                .getBytes(StandardCharsets.UTF_8));

        JsonNode first = Fixture.JSON.readTree(answers.readLine());
        assertThat(first.get("id").asInt()).isEqualTo(1);
        assertThat(first.at("/result/protocolVersion").asText()).isEqualTo("2025-06-18");
        assertThat(handshake.get(30, TimeUnit.SECONDS))
                .as("the tool call was handed over")
                .isTrue();

        // only now does the full server exist: the call waited for it
        CompletableFuture<Void> full = CompletableFuture.runAsync(() -> {
            try {
                fixture.stdioServer(fixture.settings).run(session, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stdout.out.close();
            }
        });
        JsonNode second = Fixture.JSON.readTree(answers.readLine());
        assertThat(second.get("id").asInt())
                .as("no second answer to initialize: %s", second)
                .isEqualTo(2);
        assertThat(second.at("/result/isError").asBoolean(false)).isFalse();
        assertThat(second.at("/result/structuredContent/dryRun").asBoolean()).isTrue();

        stdin.out.write(
                ("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}\n").getBytes(StandardCharsets.UTF_8));
        JsonNode third = Fixture.JSON.readTree(answers.readLine());
        assertThat(third.get("id").asInt()).isEqualTo(3);
        assertThat(third.at("/result/tools")).hasSize(4);
        stdin.out.close();
        full.get(30, TimeUnit.SECONDS);
        assertThat(answers.readLine()).as("nothing after the session ends").isNull();
    }

    @Test
    void whatTheHandshakeDoesNotAnswerReachesTheFullServerVerbatimAfterTheReplayedStart() throws Exception {
        String start = initialize("\"a\"", "2025-06-18") + "\r\n" + initialized() + "\n";
        List<String> notForTheHandshake = List.of(
                "not json at all",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"} {\"jsonrpc\":\"2.0\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{\"cursor\":\"x\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2.5,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"id\":3,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"debug\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"extra\":1}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"" + " ".repeat(70_000) + "}");
        for (String line : notForTheHandshake) {
            String rest = line + "\n{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}\n";
            ByteArrayOutputStream early = new ByteArrayOutputStream();
            SessionHandoff session = new SessionHandoff();
            boolean handedOver =
                    StdioHandshake.of("local", VERSION, settings(45)).serve(input(start + rest), early, session);
            assertThat(handedOver).as(line).isTrue();
            assertThat(lines(early.toString(StandardCharsets.UTF_8))).as(line).hasSize(1);
            assertThat(session.answered()).isEqualTo(1);
            assertThat(new String(session.readAllBytes(), StandardCharsets.UTF_8))
                    .as(line)
                    .isEqualTo(initialize("\"a\"", "2025-06-18") + "\n" + initialized() + "\n" + rest);
        }
        // before initialize nothing is answered early, and nothing is replayed
        SessionHandoff session = new SessionHandoff();
        ByteArrayOutputStream early = new ByteArrayOutputStream();
        String script =
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}\n" + initialize("2", "2025-06-18") + "\n";
        assertThat(StdioHandshake.of("local", VERSION, settings(45)).serve(input(script), early, session))
                .isTrue();
        assertThat(early.size()).isZero();
        assertThat(session.answered()).isZero();
        assertThat(new String(session.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(script);
    }

    private static Map<String, Object> withDryRun(Map<String, Object> request) {
        Map<String, Object> args = new java.util.HashMap<>(request);
        args.put("dryRun", true);
        return args;
    }

    private static McpSettings settings(long waitSeconds) {
        return new McpSettings(
                Duration.ofSeconds(waitSeconds),
                Fixture.DEFAULTS.inlineBytes(),
                Fixture.DEFAULTS.maxFrameBytes(),
                Fixture.DEFAULTS.maxImageBytes());
    }

    private static String fullServer(Backend backend, McpSettings settings, String script) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new McpStdioServer(settings, HandshakeRecording.neverCalled(backend, VERSION))
                .run(input(script), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A client's start, with ids of both kinds, one that needs escaping. */
    private static String handshake(String protocol) {
        return initialize(7, protocol) + "\n" + initialized() + "\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"t\\\"1\\u00e9\",\"method\":\"tools/list\"}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/list\",\"params\":{\"_meta\":{}}}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"r\",\"method\":\"resources/templates/list\"}\r\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":-11,\"method\":\"ping\"}\n";
    }

    private static String initialize(Object id, String protocol) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + protocol
                + "\",\"capabilities\":{\"roots\":{}},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    }

    private static String initialized() {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    }

    private static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> trees(List<String> lines) throws java.io.IOException {
        List<JsonNode> trees = new ArrayList<>();
        for (String line : lines) {
            trees.add(Fixture.JSON.readTree(line));
        }
        return trees;
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
