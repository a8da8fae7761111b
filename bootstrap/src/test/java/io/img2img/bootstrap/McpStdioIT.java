package io.img2img.bootstrap;

import static io.img2img.bootstrap.McpTestSupport.GENERATE;
import static io.img2img.bootstrap.McpTestSupport.GET_JOB;
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
import io.img2img.application.testkit.Await;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged product as an MCP host runs it: the SDK's McpClient spawns {@code java -jar img2img.jar mcp}
 * over stdio on the local backend and the example image. Everything the server writes to stdout is kept
 * (through tee) and checked at the end: JSON-RPC frames and nothing else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class McpStdioIT {
    private static final long MIB = 1024 * 1024;

    @TempDir
    static Path work;

    private Path outputs;
    private McpStdioProcess server;
    private McpStdioProcess shortBudget;
    private long serverPid;
    private Map<String, Object> outputSchema;

    @BeforeAll
    void start() throws Exception {
        outputs = Files.createDirectories(work.resolve("outputs"));
        server = new McpStdioProcess(
                work.resolve("stdout-main.jsonl"),
                Map.of("IMG2IMG_BACKEND", "local", "IMG2IMG_OUTPUT_DIR", outputs.toString()));
        serverPid = server.server().pid();
        outputSchema = McpTestSupport.tool(server.listTools(), GENERATE).outputSchema();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (shortBudget != null) {
                shortBudget.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    @Order(1)
    void toolsListStatesTheWholeContract() {
        McpSchema.Tool tool = McpTestSupport.assertToolsContract(server.listTools());
        assertThat(tool.description()).as("stdio accepts local files").contains("absolute file path or file:// URI");
        assertThat(server.client.listResourceTemplates().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactly("img2img://assets/{assetId}");
    }

    @Test
    @Order(2)
    void aCallReturnsDecodableImagesValidStructuredContentAndRisingProgress() throws Exception {
        String token = "progress-call";
        McpSchema.CallToolResult result =
                server.call(GENERATE, request("numSamples", 3, "width", 160, "height", 120), token);

        assertThat(result.isError()).as(text(result)).isFalse();
        assertThat(schemaErrors(outputSchema, result.structuredContent())).isEmpty();
        JsonNode s = structured(result);
        assertThat(s.get("backend").asText()).isEqualTo("local");
        assertThat(s.get("status").asText()).isEqualTo("success");
        assertThat(s.get("seed").asText()).isEqualTo("42");
        assertThat(s.get("images")).hasSize(3);
        String jobId = s.get("jobId").asText();

        List<McpSchema.ImageContent> images = contents(result, McpSchema.ImageContent.class);
        assertThat(images).hasSize(3);
        List<McpSchema.ResourceLink> links = contents(result, McpSchema.ResourceLink.class);
        assertThat(links).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode image = s.get("images").get(i);
            assertThat(images.get(i).mimeType()).isEqualTo("image/png");
            BufferedImage decoded = decode(images.get(i));
            assertThat(decoded.getWidth()).isEqualTo(160);
            assertThat(decoded.getHeight()).isEqualTo(120);
            Path file = Path.of(image.get("path").asText());
            assertThat(file).exists().startsWith(outputs);
            assertThat(Base64.getDecoder().decode(images.get(i).data()))
                    .as("inline = the saved file")
                    .isEqualTo(Files.readAllBytes(file));
            assertThat(links.get(i).uri())
                    .isEqualTo(image.get("url").asText())
                    .isEqualTo("img2img://assets/" + image.get("assetId").asText());
        }
        assertThat(text(result)).contains("local", "success", jobId, "42");

        List<Double> onTheWire = wireProgress(server, token);
        assertThat(onTheWire).hasSizeGreaterThanOrEqualTo(2).isSorted().allMatch(v -> v >= 0 && v <= 1);
        assertThat(onTheWire.get(0)).isEqualTo(0.0);
        assertThat(onTheWire.get(onTheWire.size() - 1)).isEqualTo(1.0);
        List<Double> received = awaitReceived(server, token, onTheWire.size());
        assertThat(received).containsExactlyInAnyOrderElementsOf(onTheWire);
        assertThat(server.progress)
                .filteredOn(n -> token.equals(n.progressToken()))
                .allMatch(n -> n.total() == 1.0);
        assertThat(server.stdoutLines())
                .as("log notifications name the job")
                .anyMatch(l -> l.contains("notifications/message") && l.contains(jobId));
    }

    @Test
    @Order(3)
    void aJobLongerThanTheBudgetComesBackInProgressAndGetJobCompletesIt() throws Exception {
        Path shortOutputs = Files.createDirectories(work.resolve("outputs-short"));
        shortBudget = new McpStdioProcess(
                work.resolve("stdout-short.jsonl"),
                Map.of(
                        "IMG2IMG_BACKEND",
                        "local",
                        "IMG2IMG_OUTPUT_DIR",
                        shortOutputs.toString(),
                        "IMG2IMG_WAIT_SECONDS",
                        "1"));
        // the handshake is answered before the application is built: the first tool call waits for it, and the
        // clock below is for the budget, not for the start
        assertThat(shortBudget.call(McpTestSupport.LIST_MODELS, Map.of(), null).isError())
                .isNotEqualTo(Boolean.TRUE);
        long begun = System.nanoTime();
        McpSchema.CallToolResult first = shortBudget.call(
                GENERATE, request("numSamples", 8, "width", 2048, "height", 2048, "numInferenceSteps", 150), "long-0");
        Duration firstCall = Duration.ofNanos(System.nanoTime() - begun);

        assertThat(first.isError()).as(text(first)).isFalse();
        assertThat(schemaErrors(outputSchema, first.structuredContent())).isEmpty();
        JsonNode s = structured(first);
        assertThat(s.get("status").asText())
                .as("8 x 2048x2048 does not finish within 1 s")
                .isEqualTo("in-progress");
        String jobId = s.get("jobId").asText();
        assertThat(jobId).isNotBlank();
        assertThat(s.get("progress").asDouble()).isBetween(0.0, 0.99);
        // the images made so far are listed (a fast machine makes one or two within the second), never all 8
        assertThat(s.path("images").size()).isLessThan(8);
        for (JsonNode image : s.path("images")) {
            assertThat(Path.of(image.get("path").asText())).exists().startsWith(shortOutputs);
        }
        assertThat(contents(first, McpSchema.ResourceLink.class))
                .hasSize(s.path("images").size());
        assertThat(text(first)).contains(GET_JOB, jobId);
        assertThat(firstCall)
                .as("the call returned at its budget, not at the job's end")
                .isLessThan(Duration.ofSeconds(8));

        List<String> tokens = new ArrayList<>(List.of("long-0"));
        McpSchema.CallToolResult last = first;
        for (int i = 1; i <= 40 && structured(last).get("status").asText().equals("in-progress"); i++) {
            tokens.add("long-" + i);
            last = shortBudget.call(GET_JOB, Map.of("jobId", jobId), "long-" + i);
            assertThat(last.isError()).as(text(last)).isFalse();
            assertThat(schemaErrors(outputSchema, last.structuredContent())).isEmpty();
            assertThat(structured(last).get("jobId").asText()).isEqualTo(jobId);
        }
        assertThat(tokens).as("at least one get-img2img-job call was needed").hasSizeGreaterThan(1);
        JsonNode done = structured(last);
        assertThat(done.get("status").asText()).isEqualTo("success");
        assertThat(done.get("images")).hasSize(8);
        for (JsonNode image : done.get("images")) {
            assertThat(image.get("width").asInt()).isEqualTo(2048);
            assertThat(Path.of(image.get("path").asText())).exists().startsWith(shortOutputs);
        }
        assertThat(contents(last, McpSchema.ResourceLink.class)).hasSize(8);
        assertThat(contents(last, McpSchema.ImageContent.class)).isNotEmpty().allSatisfy(i -> decode(i));

        wireProgress(
                shortBudget, tokens.get(tokens.size() - 1)); // the last call's final progress: all before it is written
        List<String> wire = shortBudget.stdoutLines();
        List<Double> acrossCalls = new ArrayList<>();
        for (String token : tokens) {
            List<Double> ofCall = progressOf(wire, token);
            assertThat(ofCall).as("progress of " + token).isNotEmpty();
            acrossCalls.addAll(ofCall);
        }
        assertThat(acrossCalls)
                .as("progress over the call and every get-img2img-job")
                .isSorted()
                .hasSizeGreaterThan(tokens.size());
        assertThat(acrossCalls.get(acrossCalls.size() - 1)).isEqualTo(1.0);
        shortBudget.close();
    }

    @Test
    @Order(4)
    void sixteenSamplesOf1024StayUnderOneMebibyteWithPreviewsInlineAndEveryFileOnDiskAndLinked() throws Exception {
        McpSchema.CallToolResult result = server.call(
                GENERATE,
                request("numSamples", 16, "width", 1024, "height", 1024, "prompt", "a harbour at night, vivid"),
                null);

        assertThat(result.isError()).as(text(result)).isFalse();
        JsonNode s = structured(result);
        String jobId = s.get("jobId").asText();
        List<String> frames = server.awaitStdout(l -> l.contains("\"structuredContent\"") && l.contains(jobId));
        List<String> answer = frames.stream()
                .filter(l -> l.contains("\"structuredContent\"") && l.contains(jobId))
                .toList();
        assertThat(answer).hasSize(1);
        assertThat((long) answer.get(0).getBytes(StandardCharsets.UTF_8).length)
                .as("the frame on the wire")
                .isLessThan(MIB);
        assertThat((long) JSON.writeValueAsBytes(result).length).isLessThan(MIB);
        assertThat(schemaErrors(outputSchema, result.structuredContent())).isEmpty();

        assertThat(s.get("images")).hasSize(16);
        long fullBytes = 0;
        List<String> urls = new ArrayList<>();
        for (JsonNode image : s.get("images")) {
            Path file = Path.of(image.get("path").asText());
            assertThat(file).exists().startsWith(outputs);
            fullBytes += Files.size(file);
            assertThat(pngSize(file)).containsExactly(1024, 1024);
            urls.add(image.get("url").asText());
            assertThat(image.get("url").asText())
                    .isEqualTo("img2img://assets/" + image.get("assetId").asText());
        }
        assertThat(fullBytes)
                .as("the full images could never fit in one result")
                .isGreaterThan(MIB);
        List<McpSchema.ResourceLink> links = contents(result, McpSchema.ResourceLink.class);
        assertThat(links)
                .extracting(McpSchema.ResourceLink::uri)
                .containsExactlyElementsOf(urls)
                .doesNotHaveDuplicates();
        assertThat(links).allMatch(l -> "image/png".equals(l.mimeType()));

        List<McpSchema.ImageContent> previews = contents(result, McpSchema.ImageContent.class);
        assertThat(previews).hasSize(16);
        long inlined = 0;
        for (McpSchema.ImageContent preview : previews) {
            assertThat(preview.mimeType()).isEqualTo("image/jpeg");
            BufferedImage decoded = decode(preview);
            assertThat(decoded.getWidth()).isBetween(16, 1023).isEqualTo(decoded.getHeight());
            inlined += preview.data().length();
        }
        assertThat(inlined)
                .as("within IMG2IMG_INLINE_BYTES (700000 by default)")
                .isLessThanOrEqualTo(700_000);
        assertThat(text(result)).contains("previews");
    }

    @Test
    @Order(5)
    void badInputsAreErrorResultsNamingTheFieldAndTheServerKeepsServing() throws Exception {
        String pngAsJpeg = ((String) request().get("image")).replace("data:image/png", "data:image/jpeg");
        List<Map.Entry<String, Map<String, Object>>> cases = List.of(
                Map.entry("prompt", without("prompt")),
                Map.entry("modelId", request("modelId", " ")),
                Map.entry("strength", request("strength", 1.5)),
                Map.entry("width", request("width", 100)),
                Map.entry("height", request("height", 4096)),
                Map.entry("numSamples", request("numSamples", 0)),
                Map.entry("numSamples", request("numSamples", 2.5)),
                Map.entry("numInferenceSteps", request("numInferenceSteps", 151)),
                Map.entry("guidance", request("guidance", 25)),
                Map.entry("scheduler", request("scheduler", "FooScheduler")),
                Map.entry("seed", request("seed", "-5")),
                Map.entry("seed", request("seed", 9007199254740992L)),
                Map.entry("image", request("image", "not an image")),
                Map.entry("image", request("image", pngAsJpeg)),
                Map.entry("image", request("image", "asset_notproducedhere")),
                Map.entry("image", request("image", "./examples/reference.png")),
                Map.entry("image", request("image", work.resolve("missing.png").toString())),
                Map.entry("imageId", request("imageId", "asset_abc")),
                Map.entry("negative_prompt", request("negative_prompt", "blur")),
                Map.entry("negativePromptStrength", request("negativePromptStrength", 11)),
                Map.entry("concepts[0].scale", request("concepts", List.of(Map.of("modelId", "model_x", "scale", 5)))),
                Map.entry("hideResults", request("hideResults", "yes")));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(12);
        Set<String> fields = new HashSet<>();
        for (var c : cases) {
            String field = c.getKey();
            McpSchema.CallToolResult result = server.call(GENERATE, c.getValue(), null);
            String label = field + " <- " + excerpt(c.getValue());
            assertThat(result.isError()).as(label).isTrue();
            JsonNode error = structured(result).get("error");
            assertThat(error.get("code").asText()).as(label).isEqualTo("invalid-request");
            assertThat(error.get("violations"))
                    .as(label)
                    .extracting(v -> v.get("field").asText())
                    .contains(field);
            assertThat(text(result)).as(label).contains("- " + field + ":");
            assertThat(schemaErrors(outputSchema, result.structuredContent()))
                    .as(label)
                    .isEmpty();
            assertThat(contents(result, McpSchema.ImageContent.class)).as(label).isEmpty();
            assertThat(structured(result).path("images")).as(label).isEmpty();
            fields.add(field);
        }
        assertThat(fields).hasSizeGreaterThanOrEqualTo(12);

        Map<String, Object> many = request("strength", 2, "width", 100, "scheduler", "nope");
        many.remove("prompt");
        McpSchema.CallToolResult all = server.call(GENERATE, many, null);
        assertThat(structured(all).at("/error/violations"))
                .as("every violation at once")
                .extracting(v -> v.get("field").asText())
                .containsExactlyInAnyOrder("prompt", "strength", "width", "scheduler");

        ProcessHandle process = server.server();
        assertThat(process.pid()).as("the same server process").isEqualTo(serverPid);
        assertThat(process.isAlive()).isTrue();
        server.ping();
        McpSchema.CallToolResult valid = server.call(GENERATE, request("numSamples", 1), null);
        assertThat(valid.isError()).as(text(valid)).isFalse();
        assertThat(structured(valid).get("status").asText()).isEqualTo("success");
        assertThat(contents(valid, McpSchema.ImageContent.class)).hasSize(1);
    }

    @Test
    @Order(6)
    void anAbsolutePathAndAFileUriToTheExampleImageWork() throws Exception {
        assertThat(McpTestSupport.EXAMPLE).isAbsolute().exists();
        List<byte[]> outputsOfEach = new ArrayList<>();
        for (Object image : List.of(
                request().get("image"),
                McpTestSupport.EXAMPLE.toString(),
                McpTestSupport.EXAMPLE.toUri().toString())) {
            McpSchema.CallToolResult result = server.call(
                    GENERATE, request("image", image, "numSamples", 1, "width", 96, "height", 96, "seed", 7), null);
            String label = excerpt(Map.of("image", image));
            assertThat(result.isError()).as(label + ": " + text(result)).isFalse();
            JsonNode s = structured(result);
            assertThat(s.get("status").asText()).as(label).isEqualTo("success");
            outputsOfEach.add(Files.readAllBytes(Path.of(s.at("/images/0/path").asText())));
        }
        assertThat(McpTestSupport.EXAMPLE.toUri().toString()).startsWith("file:/");
        assertThat(outputsOfEach.get(1))
                .as("the path was read: same bytes as the same image sent as a data URL")
                .isEqualTo(outputsOfEach.get(0));
        assertThat(outputsOfEach.get(2)).as("the file URI was read too").isEqualTo(outputsOfEach.get(0));
    }

    @Test
    @Order(7)
    void resourcesReadOfAnAssetReturnsItsPngBytes() throws Exception {
        McpSchema.CallToolResult result =
                server.call(GENERATE, request("numSamples", 1, "width", 200, "height", 136), null);
        JsonNode image = structured(result).at("/images/0");
        String uri = image.get("url").asText();
        assertThat(uri).isEqualTo("img2img://assets/" + image.get("assetId").asText());

        McpSchema.ReadResourceResult read = server.read(uri);
        assertThat(read.contents()).hasSize(1);
        McpSchema.BlobResourceContents blob =
                (McpSchema.BlobResourceContents) read.contents().get(0);
        assertThat(blob.uri()).isEqualTo(uri);
        assertThat(blob.mimeType()).isEqualTo("image/png");
        byte[] png = Base64.getDecoder().decode(blob.blob());
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        assertThat(png).isEqualTo(Files.readAllBytes(Path.of(image.get("path").asText())));
        BufferedImage decoded = decode(png);
        assertThat(decoded.getWidth()).isEqualTo(200);
        assertThat(decoded.getHeight()).isEqualTo(136);

        assertThatThrownBy(() -> server.read("img2img://assets/asset_unknown"))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("asset_unknown");
        assertThat(server.server().isAlive()).isTrue();
    }

    @Test
    @Order(100)
    void everythingTheServersWroteToStdoutIsJsonRpc() throws Exception {
        List<McpStdioProcess> sessions = new ArrayList<>(List.of(server));
        if (shortBudget != null) {
            sessions.add(shortBudget);
        }
        for (McpStdioProcess session : sessions) {
            session.close(); // ends stdin: the server answers what it read, exits, and tee finishes the copy
            String all = Files.readString(session.stdoutCopy, StandardCharsets.UTF_8);
            assertThat(all).as(session.stdoutCopy.toString()).isNotEmpty().endsWith("\n");
            int answers = 0;
            Set<String> ids = new HashSet<>();
            Map<String, List<Double>> progress = new LinkedHashMap<>();
            for (String line : all.substring(0, all.length() - 1).split("\n", -1)) {
                JsonNode frame;
                try {
                    frame = JSON.readTree(line);
                } catch (java.io.IOException e) {
                    throw new AssertionError("not JSON on stdout: " + excerpt(line), e);
                }
                assertThat(frame.isObject()).as(excerpt(line)).isTrue();
                assertThat(frame.path("jsonrpc").asText()).as(excerpt(line)).isEqualTo("2.0");
                if (frame.has("method")) {
                    assertThat(frame.get("method").isTextual())
                            .as(excerpt(line))
                            .isTrue();
                    if (frame.get("method").asText().equals("notifications/progress")) {
                        progress.computeIfAbsent(
                                        frame.at("/params/progressToken").asText(), t -> new ArrayList<>())
                                .add(frame.at("/params/progress").asDouble());
                        assertThat(frame.at("/params/total").asDouble()).isEqualTo(1.0);
                    }
                } else {
                    assertThat(frame.has("id"))
                            .as("a response: " + excerpt(line))
                            .isTrue();
                    assertThat(frame.has("result") ^ frame.has("error"))
                            .as(excerpt(line))
                            .isTrue();
                    assertThat(ids.add(frame.get("id").toString()))
                            .as("one answer per id")
                            .isTrue();
                    answers++;
                }
            }
            assertThat(answers).as("an answer for every request sent").isGreaterThanOrEqualTo(session.requests());
            progress.forEach((token, values) ->
                    assertThat(values).as("progress of " + token).isSorted().allMatch(v -> v >= 0 && v <= 1));
            assertThat(session.stderr)
                    .as("the start is announced on stderr")
                    .anyMatch(l -> l.contains("backend local"));
        }
    }

    /** The progress values sent for one token, in the order they went over stdout, once its final one (1.0) is there. */
    private static List<Double> wireProgress(McpStdioProcess session, String token) throws Exception {
        String quoted = "\"progressToken\":\"" + token + "\"";
        return progressOf(session.awaitStdout(l -> l.contains(quoted) && l.contains("\"progress\":1.0")), token);
    }

    private static List<Double> progressOf(List<String> lines, String token) throws Exception {
        String quoted = "\"progressToken\":\"" + token + "\"";
        List<Double> values = new ArrayList<>();
        for (String line : lines) {
            if (line.contains(quoted)) {
                JsonNode frame = JSON.readTree(line);
                if (frame.path("method").asText().equals("notifications/progress")
                        && frame.at("/params/progressToken").asText().equals(token)) {
                    values.add(frame.at("/params/progress").asDouble());
                }
            }
        }
        return values;
    }

    /** The client handles notifications on its own threads: wait until it has seen them all. */
    private static List<Double> awaitReceived(McpStdioProcess session, String token, int count) throws Exception {
        return Await.until(
                () -> session.progress.stream()
                        .filter(n -> token.equals(n.progressToken()))
                        .map(McpSchema.ProgressNotification::progress)
                        .toList(),
                values -> values.size() >= count,
                Duration.ofSeconds(10));
    }

    private static List<Integer> pngSize(Path file) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in);
                return List.of(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        }
    }

    private static Map<String, Object> without(String field) {
        Map<String, Object> args = request();
        args.remove(field);
        return args;
    }

    private static String excerpt(Object value) {
        String s = String.valueOf(value);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
