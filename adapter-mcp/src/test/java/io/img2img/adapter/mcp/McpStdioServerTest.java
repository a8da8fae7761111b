package io.img2img.adapter.mcp;

import static io.img2img.adapter.mcp.Fixture.call;
import static io.img2img.adapter.mcp.Fixture.contents;
import static io.img2img.adapter.mcp.Fixture.structured;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.testkit.TestImages;
import io.img2img.domain.schema.JsonSchemas;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stdio server in-process: the SDK's client over piped streams, as a client process would see it. */
class McpStdioServerTest {
    private static final String GENERATE = "post-img2img-inferences";

    @TempDir
    Path outputs;

    private final List<CompletableFuture<Void>> servers = new ArrayList<>();

    /** A server running on its own thread, and the two ends of its stdio. */
    private record Session(Pipe stdin, Pipe stdout, CompletableFuture<Void> ended) {}

    private Session start(Fixture fixture, McpSettings settings) {
        Pipe stdin = new Pipe();
        Pipe stdout = new Pipe();
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> {
            try {
                fixture.stdioServer(settings).run(stdin.in, new PrintStream(stdout.out, true, StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stdout.out.close();
            }
        });
        servers.add(ended);
        return new Session(stdin, stdout, ended);
    }

    @AfterEach
    void allServersEnded() {
        assertThat(servers).allMatch(CompletableFuture::isDone);
    }

    @Test
    void servesAClientAcceptsLocalFilesAndReturnsWhenStdinCloses() throws Exception {
        Fixture fixture = new Fixture(outputs).producing();
        Session session = start(fixture, fixture.settings);
        PipedClientTransport transport =
                new PipedClientTransport(ServerAssembly.JSON, session.stdout().in, session.stdin().out);
        List<McpSchema.ProgressNotification> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60))
                .progressConsumer(progress::add)
                .build();
        client.initialize();

        McpSchema.Tool tool = client.listTools().tools().stream()
                .filter(t -> t.name().equals(GENERATE))
                .findFirst()
                .orElseThrow();
        assertThat(tool.description()).contains("absolute file path or file:// URI");

        Path png = outputs.resolve("reference.png");
        Files.write(png, TestImages.noisyPng(40, 40, 3));
        for (String image : List.of(png.toString(), png.toUri().toString())) {
            Map<String, Object> args = Fixture.request();
            args.put("image", image);
            McpSchema.CallToolResult result = call(client, GENERATE, args, "stdio-" + image.length());
            assertThat(result.isError()).as(image).isFalse();
            assertThat(structured(result).get("status").asText()).isEqualTo("success");
            assertThat(contents(result, McpSchema.ImageContent.class)).hasSize(2);
            assertThat(Fixture.schemaErrors(JsonSchemas.result(), result.structuredContent()))
                    .isEmpty();
        }

        Path text = Files.writeString(outputs.resolve("notes.txt"), "not an image");
        Map<String, String> refused = Map.of(
                outputs.toString(),
                "not a regular file",
                outputs.resolve("missing.png").toString(),
                "does not exist",
                text.toString(),
                "not a PNG, JPEG, WebP or GIF image",
                "./reference.png",
                "absolute path");
        for (var c : refused.entrySet()) {
            Map<String, Object> args = Fixture.request();
            args.put("image", c.getKey());
            args.put("strength", 7);
            McpSchema.CallToolResult result = call(client, GENERATE, args, null);
            assertThat(result.isError()).isTrue();
            JsonNode violations = structured(result).at("/error/violations");
            assertThat(violations)
                    .extracting(v -> v.get("field").asText())
                    .containsExactlyInAnyOrder("image", "strength");
            assertThat(violations.toString()).contains(c.getValue());
        }

        client.closeGracefully();
        session.ended().get(10, TimeUnit.SECONDS);

        List<JsonNode> frames =
                transport.serverLines.stream().map(WireTap::parse).toList();
        assertThat(frames).isNotEmpty().allMatch(f -> f.get("jsonrpc").asText().equals("2.0"));
        for (String token : List.of(
                "stdio-" + png.toString().length(),
                "stdio-" + png.toUri().toString().length())) {
            List<Double> onTheWire = frames.stream()
                    .filter(f -> f.path("method").asText().equals("notifications/progress"))
                    .filter(f -> f.at("/params/progressToken").asText().equals(token))
                    .map(f -> f.at("/params/progress").asDouble())
                    .toList();
            assertThat(onTheWire)
                    .hasSizeGreaterThanOrEqualTo(3)
                    .isSorted()
                    .last()
                    .isEqualTo(1.0);
        }
    }

    /**
     * Issue #23: the port's refusal past the daily budget reaches the agent as an isError result with REST's code and
     * words (the engine's side, nothing submitted, is RestBudgetTest's and the ledger's spend contract's).
     */
    @Test
    void aRefusalPastTheDailyBudgetIsAnErrorResultWithItsCodeAndWords() throws Exception {
        Fixture fixture = new Fixture(outputs);
        String words = "today's budget of 15 (IMG2IMG_DAILY_CREATIVE_UNITS) has 5 left, not enough for this"
                + " generation (10 Creative Units); nothing was sent";
        fixture.ports.generate = call -> io.img2img.domain.result.Img2ImgResult.error(
                StubUseCases.BACKEND,
                io.img2img.domain.result.ResultError.of(io.img2img.domain.result.ErrorCode.BUDGET_EXHAUSTED, words));
        Session session = start(fixture, fixture.settings);
        PipedClientTransport transport =
                new PipedClientTransport(ServerAssembly.JSON, session.stdout().in, session.stdin().out);
        McpSyncClient client =
                McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
        client.initialize();

        McpSchema.CallToolResult refused = call(client, GENERATE, Fixture.request(), null);
        assertThat(refused.isError()).isTrue();
        assertThat(structured(refused).at("/error/code").asText()).isEqualTo("budget-exhausted");
        assertThat(structured(refused).at("/error/message").asText()).isEqualTo(words);
        assertThat(Fixture.text(refused)).contains("IMG2IMG_DAILY_CREATIVE_UNITS", "nothing was sent");
        assertThat(fixture.ports.generateCalls).hasSize(1);

        client.closeGracefully();
        session.ended().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aScriptThatEndsStdinGetsEveryAnswerFirst() throws Exception {
        List<JsonNode> answers = script(Fixture.request(), """
                {"jsonrpc":"2.0","id":2,"method":"tools/list"}
                """, "");
        assertThat(answers)
                .filteredOn(a -> a.has("id"))
                .extracting(a -> a.get("id").asInt())
                .containsExactly(1, 2, 3);
        assertThat(answers.get(answers.size() - 1)
                        .at("/result/structuredContent/status")
                        .asText())
                .isEqualTo("success");
    }

    @Test
    void argumentsWithThirtyThousandUnknownFieldsGetABoundedErrorAndTheSessionGoesOn() throws Exception {
        Map<String, Object> arguments = new java.util.LinkedHashMap<>(Fixture.request());
        for (int i = 0; i < 30_000; i++) { // 60,000 tokens: within JsonBounds.MAX_TOKENS
            arguments.put("f" + i, 0);
        }
        List<JsonNode> answers = script(arguments, "", """
                {"jsonrpc":"2.0","id":4,"method":"tools/list"}
                """);
        JsonNode refused = answers.stream()
                .filter(a -> a.path("id").asInt() == 3)
                .findFirst()
                .orElseThrow();
        assertThat(refused.at("/result/isError").asBoolean()).isTrue();
        assertThat(refused.at("/result/structuredContent/error/violations").size())
                .isEqualTo(101);
        assertThat(refused.toString())
                .contains("more problems in this request, not listed")
                .hasSizeLessThan(100_000);
        assertThat(answers).filteredOn(a -> a.path("id").asInt() == 4).hasSize(1);
    }

    @Test
    void argumentsOfAnotherShapeAreAnsweredWithAJsonRpcErrorThatNamesNoInternalClass() throws Exception {
        String before = """
                {"jsonrpc":"2.0","id":21,"method":"tools/call","params":{"name":"post-img2img-inferences","arguments":"x"}}
                {"jsonrpc":"2.0","id":22,"method":"tools/call","params":{"name":"post-img2img-inferences","arguments":[1,2]}}
                {"jsonrpc":"2.0","id":23,"method":"tools/call","params":"x"}
                {"jsonrpc":"2.0","id":24,"method":"resources/read","params":{"uri":{}}}
                """;
        List<JsonNode> answers = script(Fixture.request(), before, "");
        for (int id = 21; id <= 24; id++) {
            int wanted = id;
            JsonNode answer = answers.stream()
                    .filter(a -> a.path("id").asInt() == wanted)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no answer to " + wanted + ": " + answers));
            assertThat(answer.has("error")).as(answer.toString()).isTrue();
            assertThat(answer.toString())
                    .doesNotContain("io.modelcontextprotocol", "com.fasterxml", "McpSchema", "java.", "Exception", "`");
            assertThat(answer.at("/error/message").asText()).isNotBlank();
        }
        assertThat(answers)
                .as("the session went on: the call after them was answered")
                .anySatisfy(a -> assertThat(a.path("id").asInt()).isEqualTo(3));
    }

    @Test
    void aFrameWithBytesAfterItsObjectIsNeverACall() throws Exception {
        String call = ServerAssembly.JSON.writeValueAsString(Map.of(
                "jsonrpc",
                "2.0",
                "id",
                5,
                "method",
                "tools/call",
                "params",
                Map.of("name", GENERATE, "arguments", Fixture.request())));
        List<JsonNode> answers = script(Fixture.request(), call + "}\n" + call + call + "\n", "");
        assertThat(answers.stream()
                        .filter(a -> a.path("id").asInt() == 5 && a.has("result"))
                        .map(a -> a.at("/result/structuredContent/jobId"))
                        .toList())
                .as("jobs started by a malformed frame")
                .isEmpty();
        assertThat(answers.stream()
                        .map(a -> a.at("/params/data").asText())
                        .filter(t -> t.startsWith("job "))
                        .toList())
                .isEmpty();
    }

    /**
     * Writes a whole session at once (initialize, {@code before}, a tools/call with id 3 and these
     * arguments, {@code after}), closes stdin and returns every frame the server wrote.
     */
    private List<JsonNode> script(Map<String, Object> arguments, String before, String after) throws Exception {
        Fixture fixture = new Fixture(outputs).producing();
        Session session = start(fixture, fixture.settings);
        String call = ServerAssembly.JSON.writeValueAsString(Map.of(
                "jsonrpc",
                "2.0",
                "id",
                3,
                "method",
                "tools/call",
                "params",
                Map.of("name", GENERATE, "arguments", arguments)));
        String script = """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"script","version":"1"}}}
                {"jsonrpc":"2.0","method":"notifications/initialized"}
                """ + before + call + "\n" + after;
        session.stdin().out.write(script.getBytes(StandardCharsets.UTF_8));
        session.stdin().out.close();
        List<JsonNode> answers = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(session.stdout().in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                answers.add(WireTap.parse(line));
            }
        }
        session.ended().get(10, TimeUnit.SECONDS);
        return answers;
    }

    @Test
    void aFramePastTheLimitEndsTheSessionInsteadOfHanging() throws Exception {
        Fixture fixture = new Fixture(outputs).producing();
        McpSettings small = new McpSettings(Fixture.WAIT, 700_000, 4096, 3000);
        assertThat(small.stdioFrameLimit()).isGreaterThanOrEqualTo(4096).isGreaterThan(3000 * 4 / 3);
        Session session = start(fixture, small);
        byte[] huge = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" + "a".repeat(200_000)
                        + "\"}}\n")
                .getBytes(StandardCharsets.UTF_8);
        session.stdin().out.write(huge);
        session.ended().get(10, TimeUnit.SECONDS);
        session.stdin().out.close();
    }

    @Test
    void aFramePastTheJsonBoundsEndsTheSessionWithoutBuildingIt() throws Exception {
        Fixture fixture = new Fixture(outputs).producing();
        Session session = start(fixture, fixture.settings);
        StringBuilder many =
                new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":[[]");
        for (int i = 1; i < io.img2img.domain.request.JsonBounds.MAX_TOKENS; i++) {
            many.append(",[]");
        }
        session.stdin().out.write((many + "]}}\n").getBytes(StandardCharsets.UTF_8));
        session.ended().get(10, TimeUnit.SECONDS);
        session.stdin().out.close();
    }

    /** The settings' arithmetic only: no frame with an image that large is sent here. */
    @Test
    void theDefaultFrameLimitExceedsTheLargestAcceptedImageInBase64() {
        McpSettings defaults = Fixture.DEFAULTS;
        long largestImageAsBase64 = (defaults.maxImageBytes() + 2) / 3 * 4;
        assertThat((long) defaults.stdioFrameLimit())
                .isGreaterThanOrEqualTo(defaults.maxFrameBytes())
                .isGreaterThan(largestImageAsBase64 + 1024);
    }
}
