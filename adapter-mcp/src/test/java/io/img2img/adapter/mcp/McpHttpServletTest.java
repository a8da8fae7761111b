package io.img2img.adapter.mcp;

import static io.img2img.adapter.mcp.Fixture.call;
import static io.img2img.adapter.mcp.Fixture.contents;
import static io.img2img.adapter.mcp.Fixture.structured;
import static io.img2img.adapter.mcp.Fixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.testkit.Await;
import io.img2img.application.testkit.TestImages;
import io.img2img.domain.request.FieldCatalogue;
import io.img2img.domain.schema.JsonSchemas;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP front end over Streamable HTTP: the SDK's own client against our servlet in a real Jetty, over stubbed
 * ports ({@link StubUseCases}). End to end over the real application: bootstrap's McpHttpTest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpHttpServletTest {
    private static final String GENERATE = "post-img2img-inferences";
    private static final String GET_JOB = "get-img2img-job";

    @TempDir
    static Path outputs;

    private Fixture fixture;
    private Server jetty;
    private String baseUrl;
    private McpSyncClient client;
    private final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    private final List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
    private final WireTap wire = new WireTap();

    @BeforeAll
    void start() throws Exception {
        fixture = new Fixture(outputs).producing();
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(fixture.servlet());
        holder.setAsyncSupported(true);
        context.addServlet(holder, McpHttpServlet.PATH);
        context.addFilter(
                new org.eclipse.jetty.ee10.servlet.FilterHolder(wire),
                "/*",
                java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
        client = McpClient.sync(HttpClientStreamableHttpTransport.builder(baseUrl)
                        .endpoint("/mcp")
                        .build())
                .requestTimeout(Duration.ofSeconds(60))
                .progressConsumer(progress::add)
                .loggingConsumer(logs::add)
                .build();
        client.initialize();
    }

    @AfterAll
    void stop() throws Exception {
        client.closeGracefully();
        jetty.stop();
    }

    @BeforeEach
    void reset() {
        fixture.ports.produces(outputs); // each test starts from the whole-job script
        fixture.ports.generateCalls.clear();
    }

    @Test
    void toolsListDescribesTheThreeToolsFromTheDomainSchemas() throws Exception {
        List<McpSchema.Tool> tools = client.listTools().tools();
        assertThat(tools)
                .extracting(McpSchema.Tool::name)
                .containsExactlyInAnyOrder(GENERATE, GET_JOB, "list-img2img-models", "cancel-img2img-job");
        McpSchema.Tool tool = tools.stream()
                .filter(t -> t.name().equals(GENERATE))
                .findFirst()
                .orElseThrow();

        JsonNode input = Fixture.tree(tool.inputSchema());
        assertThat(input.get("properties").size()).isEqualTo(24);
        Set<String> names = new java.util.HashSet<>();
        input.get("properties").fieldNames().forEachRemaining(names::add);
        List<String> expected = new java.util.ArrayList<>(FieldCatalogue.FIELDS.stream()
                .map(io.img2img.domain.request.Field::name)
                .toList());
        expected.add("idempotencyKey"); // the tool's own argument (REST's Idempotency-Key), never sent upstream
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(input.at("/properties/idempotencyKey/maxLength").asInt()).isEqualTo(255);
        assertThat(input.get("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("modelId", "prompt");
        JsonNode p = input.get("properties");
        assertThat(p.at("/width/minimum").asInt()).isEqualTo(64);
        assertThat(p.at("/width/maximum").asInt()).isEqualTo(2048);
        assertThat(p.at("/width/multipleOf").asInt()).isEqualTo(8);
        assertThat(p.at("/height/multipleOf").asInt()).isEqualTo(8);
        assertThat(p.at("/strength/minimum").asDouble()).isEqualTo(0.01);
        assertThat(p.at("/strength/maximum").asDouble()).isEqualTo(1.0);
        assertThat(p.at("/strength/default").asDouble()).isEqualTo(0.75);
        assertThat(p.at("/numSamples/minimum").asInt()).isEqualTo(1);
        assertThat(p.at("/numSamples/maximum").asInt()).isEqualTo(128);
        assertThat(p.at("/numInferenceSteps/maximum").asInt()).isEqualTo(150);
        assertThat(p.at("/guidance/maximum").asInt()).isEqualTo(20);
        assertThat(p.at("/negativePromptStrength/maximum").asInt()).isEqualTo(10);
        assertThat(p.at("/numSamples/type").asText()).isEqualTo("integer");
        assertThat(p.at("/scheduler/enum"))
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(FieldCatalogue.SCHEDULERS)
                .hasSize(15);
        assertThat(p.at("/concepts/items/properties/scale/minimum").asInt()).isEqualTo(-2);

        JsonNode output = Fixture.tree(tool.outputSchema());
        assertThat(output.at("/type").asText()).isEqualTo("object");
        assertThat(output.at("/properties/images/type").asText()).isEqualTo("array");
        assertThat(output.at("/properties/jobId").isMissingNode()).isFalse();
        assertThat(tool.annotations().title()).isNotBlank();
        assertThat(tool.annotations().readOnlyHint()).isFalse();
        assertThat(tool.annotations().destructiveHint()).isFalse();
        assertThat(tool.annotations().idempotentHint()).isFalse();
        assertThat(tool.annotations().openWorldHint()).isTrue();
        assertThat(tool.description())
                .contains(
                        "Creative Units",
                        "dryRun",
                        "numSamples",
                        GET_JOB,
                        "isError",
                        "text-to-image",
                        "ControlNet",
                        "multiples of 8",
                        "negativePromptStrength",
                        "procedural renderer",
                        "not accepted over HTTP",
                        "list-img2img-models",
                        "idempotencyKey");

        McpSchema.Tool getJob =
                tools.stream().filter(t -> t.name().equals(GET_JOB)).findFirst().orElseThrow();
        assertThat(getJob.inputSchema().get("required")).isEqualTo(List.of("jobId"));
        assertThat(Fixture.tree(getJob.outputSchema())).isEqualTo(Fixture.tree(JsonSchemas.result()));
        McpSchema.Tool models = tools.stream()
                .filter(t -> t.name().equals("list-img2img-models"))
                .findFirst()
                .orElseThrow();
        assertThat(models.annotations().readOnlyHint()).isTrue();
        assertThat(models.description()).contains("lack a model id", "nextCursor");
        assertThat(Fixture.tree(models.inputSchema())
                        .at("/properties/cursor/type")
                        .asText())
                .isEqualTo("string");
        assertThat(Fixture.tree(models.outputSchema()).at("/properties/models/items/required"))
                .extracting(JsonNode::asText)
                .contains("id", "family", "ranges");
        assertThat(client.listResourceTemplates().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactly("img2img://assets/{assetId}");
    }

    @Test
    void theIdempotencyKeyReachesThePortOutsideTheRequestAndABadKeyIsAFieldErrorThatReachesNoPort() {
        Map<String, Object> args = Fixture.request();
        args.put("idempotencyKey", "agent-retry-1");
        McpSchema.CallToolResult first = call(client, GENERATE, args, null);
        assertThat(first.isError()).as(text(first)).isFalse();
        assertThat(fixture.ports.generateCalls).singleElement().satisfies(c -> {
            assertThat(c.idempotencyKey()).isEqualTo("agent-retry-1");
            assertThat(c.request().typeErrors())
                    .as("not a field of the request")
                    .isEmpty();
            assertThat(c.waitBudget()).as("the configured wait").isEqualTo(Fixture.WAIT);
        });

        for (Object bad : List.of("", " ", "k".repeat(256), 7)) {
            args.put("idempotencyKey", bad);
            McpSchema.CallToolResult refused = call(client, GENERATE, args, null);
            assertThat(refused.isError()).isTrue();
            assertThat(structured(refused).at("/error/violations/0/field").asText())
                    .isEqualTo("idempotencyKey");
        }
        assertThat(fixture.ports.generateCalls).hasSize(1);
    }

    @Test
    void aCallReturnsImagesInlineLinksAndValidStructuredContentWithRisingProgress() throws Exception {
        String token = "progress-1";
        McpSchema.CallToolResult result = call(client, GENERATE, Fixture.request(), token);

        assertThat(result.isError()).isFalse();
        JsonNode s = structured(result);
        assertThat(Fixture.schemaErrors(JsonSchemas.result(), result.structuredContent()))
                .isEmpty();
        assertThat(s.get("status").asText()).isEqualTo("success");
        assertThat(s.get("backend").asText()).isEqualTo("local");
        assertThat(s.get("seed").asText()).isEqualTo("42");
        assertThat(s.get("images")).hasSize(2);

        List<McpSchema.ImageContent> images = contents(result, McpSchema.ImageContent.class);
        assertThat(images).hasSize(2);
        for (int i = 0; i < 2; i++) {
            McpSchema.ImageContent image = images.get(i);
            assertThat(image.mimeType()).isEqualTo("image/png");
            byte[] png = Base64.getDecoder().decode(image.data());
            BufferedImage decoded = TestImages.read(png);
            assertThat(decoded.getWidth()).isEqualTo(64);
            assertThat(png)
                    .isEqualTo(fixture.ports.produced.get(
                            s.at("/images/" + i + "/assetId").asText()));
        }
        List<McpSchema.ResourceLink> links = contents(result, McpSchema.ResourceLink.class);
        assertThat(links)
                .extracting(McpSchema.ResourceLink::uri)
                .containsExactly(
                        s.at("/images/0/url").asText(), s.at("/images/1/url").asText());
        assertThat(links.get(0).uri()).startsWith("img2img://assets/asset_");
        assertThat(links.get(0).mimeType()).isEqualTo("image/png");
        assertThat(Path.of(s.at("/images/0/path").asText())).exists();
        assertThat(text(result))
                .contains(
                        "local",
                        "procedural renderer",
                        "success",
                        s.get("jobId").asText(),
                        "42",
                        links.get(0).uri(),
                        s.at("/images/0/path").asText());

        List<Double> values = awaitProgress(token);
        assertThat(values)
                .as("the port's 0.25, 0.5, 0.4, 1 as the client is told them: never decreasing")
                .containsExactly(0.25, 0.5, 0.5, 1.0);
        assertThat(progress.stream().filter(n -> token.equals(n.progressToken())))
                .allMatch(n -> n.total() == 1.0);
        String jobId = s.get("jobId").asText();
        Await.until(
                () -> logs.stream().filter(n -> n.data().contains(jobId)).count(),
                seen -> seen >= 2,
                Duration.ofSeconds(10));
        // in the order they went over the wire: the client hands notifications to its consumer out of order
        assertThat(wire.sseMessages().stream()
                        .map(WireTap::parse)
                        .filter(m ->
                                "notifications/message".equals(m.path("method").asText()))
                        .map(m -> m.at("/params/data").asText())
                        .filter(d -> d.contains(jobId))
                        .toList())
                .as("one log line for each new message, none for a repeated one")
                .containsExactly("job " + jobId + " running", "job " + jobId + " done");
    }

    @Test
    void aJobStillUnderWayComesBackInProgressAndGetJobFollowsItToItsImages() throws Exception {
        fixture.ports.generate = call -> StubUseCases.inProgress("job_long", 0.4);
        List<String> asked = new CopyOnWriteArrayList<>();
        fixture.ports.getJob = (jobId, wait, listener) -> {
            asked.add(jobId + " " + wait.toSeconds());
            if (!jobId.equals("job_long")) {
                return io.img2img.domain.result.Img2ImgResult.error(
                        StubUseCases.BACKEND,
                        io.img2img.domain.result.ResultError.of(
                                io.img2img.domain.result.ErrorCode.UNKNOWN_JOB, "no job " + jobId));
            }
            listener.onProgress(0.7, "job_long running");
            listener.onProgress(1.0, "job_long done");
            return fixture.ports.finished(outputs, jobId, 2);
        };
        McpSchema.CallToolResult first = call(client, GENERATE, Fixture.request(), null);
        assertThat(first.isError()).isFalse();
        JsonNode s = structured(first);
        assertThat(s.get("status").asText()).isEqualTo("in-progress");
        assertThat(s.get("jobId").asText()).isEqualTo("job_long");
        assertThat(s.get("progress").asDouble()).isEqualTo(0.4);
        assertThat(text(first)).contains(GET_JOB, "job_long", "not lost");
        assertThat(contents(first, McpSchema.ImageContent.class)).isEmpty();
        assertThat(Fixture.schemaErrors(JsonSchemas.result(), first.structuredContent()))
                .isEmpty();

        McpSchema.CallToolResult done = call(client, GET_JOB, Map.of("jobId", "job_long"), "job-token");
        assertThat(done.isError()).isFalse();
        assertThat(structured(done).get("status").asText()).isEqualTo("success");
        assertThat(structured(done).get("jobId").asText()).isEqualTo("job_long");
        assertThat(structured(done).get("seed").asText()).isEqualTo("42");
        assertThat(contents(done, McpSchema.ImageContent.class)).hasSize(2);
        assertThat(Fixture.schemaErrors(JsonSchemas.result(), done.structuredContent()))
                .isEmpty();
        assertThat(awaitProgress("job-token")).containsExactly(0.7, 1.0);

        McpSchema.CallToolResult unknown = call(client, GET_JOB, Map.of("jobId", "job_nope"), null);
        assertThat(unknown.isError()).isTrue();
        assertThat(structured(unknown).at("/error/code").asText()).isEqualTo("unknown-job");
        assertThat(asked)
                .as("each call waits the configured budget")
                .containsExactly("job_long " + Fixture.WAIT.toSeconds(), "job_nope " + Fixture.WAIT.toSeconds());
    }

    @Test
    void previewsThatFillTheWholeBudgetStillLeaveTheResultUnderOneMebibyteOnTheWire() throws Exception {
        fixture.ports.generate = call -> fixture.ports.finished(outputs, "job_sixteen", 16);
        List<Long> budgets = new CopyOnWriteArrayList<>();
        fixture.ports.previews = (images, budget) -> {
            budgets.add(budget);
            // the port's worst case: previews whose base64 fills the budget it was given, to the byte
            List<io.img2img.application.port.in.PreviewImages.Inline> inline = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                inline.add(new io.img2img.application.port.in.PreviewImages.Inline(
                        new byte[(int) (budget / images.size() / 4 * 3)], "image/jpeg"));
            }
            return new io.img2img.application.port.in.PreviewImages.Previews(
                    io.img2img.application.port.in.PreviewImages.Mode.PREVIEWS, inline);
        };
        McpSchema.CallToolResult result = call(client, GENERATE, Fixture.request(), null);

        assertThat(result.isError()).isFalse();
        assertThat(budgets)
                .singleElement()
                .satisfies(b -> assertThat(b)
                        .as("at most the configured inline bytes")
                        .isPositive()
                        .isLessThanOrEqualTo(Fixture.DEFAULTS.inlineBytes()));
        long serialised = Fixture.JSON.writeValueAsBytes(result).length;
        assertThat(serialised).isLessThan(1024 * 1024);
        List<String> onTheWire = wire.sseMessages().stream()
                .filter(m -> m.contains("\"structuredContent\"")
                        && m.contains("\"jobId\":\"job_sixteen\"")
                        && m.contains("\"status\":\"success\""))
                .toList();
        assertThat(onTheWire).hasSize(1);
        assertThat(onTheWire.get(0).getBytes(StandardCharsets.UTF_8).length).isLessThan(1024 * 1024);
        JsonNode s = structured(result);
        assertThat(s.get("images")).hasSize(16);
        List<McpSchema.ImageContent> previews = contents(result, McpSchema.ImageContent.class);
        assertThat(previews).hasSize(16).allMatch(p -> p.mimeType().equals("image/jpeg"));
        List<String> linked = contents(result, McpSchema.ResourceLink.class).stream()
                .map(McpSchema.ResourceLink::uri)
                .toList();
        List<String> urls = new ArrayList<>();
        s.get("images").forEach(i -> urls.add(i.get("url").asText()));
        assertThat(linked).containsExactlyElementsOf(urls).hasSize(16).doesNotHaveDuplicates();
        assertThat(text(result)).contains("previews");
        assertThat(Fixture.schemaErrors(JsonSchemas.result(), result.structuredContent()))
                .isEmpty();
    }

    @Test
    void everyBadInputIsAnErrorResultNamingItsFieldAndTheServerKeepsServing() {
        Map<String, Map<String, Object>> cases = new java.util.LinkedHashMap<>();
        cases.put("prompt", without("prompt"));
        cases.put("modelId", with("modelId", " "));
        cases.put("strength", with("strength", 1.5));
        cases.put("width", with("width", 100));
        cases.put("height", with("height", 4096));
        cases.put("numSamples", with("numSamples", 0));
        cases.put("numInferenceSteps", with("numInferenceSteps", 151));
        cases.put("guidance", with("guidance", 25));
        cases.put("scheduler", with("scheduler", "FooScheduler"));
        cases.put("seed", with("seed", "-5"));
        cases.put("image", with("image", "not an image"));
        cases.put("imageId", with("imageId", "asset_abc"));
        cases.put("negative_prompt", with("negative_prompt", "blur"));
        cases.put("negativePromptStrength", with("negativePromptStrength", 11));
        cases.put("concepts[0].scale", with("concepts", List.of(Map.of("modelId", "model_x", "scale", 5))));
        cases.put("hideResults", with("hideResults", "yes"));
        Map<String, Object> wrongBytes = Fixture.request();
        wrongBytes.put("image", Fixture.pngDataUrl().replace("image/png", "image/jpeg"));
        cases.put("image ", wrongBytes);

        for (var c : cases.entrySet()) {
            String field = c.getKey().trim();
            McpSchema.CallToolResult result = call(client, GENERATE, c.getValue(), null);
            assertThat(result.isError()).as(field).isTrue();
            JsonNode error = structured(result).get("error");
            assertThat(error.get("code").asText()).as(field).isEqualTo("invalid-request");
            assertThat(error.get("violations"))
                    .as(field)
                    .extracting(v -> v.get("field").asText())
                    .contains(field);
            assertThat(text(result)).as(field).contains("- " + field + ":");
            assertThat(Fixture.schemaErrors(JsonSchemas.result(), result.structuredContent()))
                    .as(field)
                    .isEmpty();
            assertThat(contents(result, McpSchema.ImageContent.class)).isEmpty();
        }

        Map<String, Object> many = Fixture.request();
        many.put("strength", 2);
        many.put("width", 100);
        many.put("scheduler", "nope");
        many.remove("prompt");
        McpSchema.CallToolResult all = call(client, GENERATE, many, null);
        assertThat(structured(all).at("/error/violations"))
                .extracting(v -> v.get("field").asText())
                .containsExactlyInAnyOrder("prompt", "strength", "width", "scheduler");

        McpSchema.CallToolResult valid = call(client, GENERATE, Fixture.request(), null);
        assertThat(valid.isError()).isFalse();
        assertThat(contents(valid, McpSchema.ImageContent.class)).hasSize(2);
    }

    @Test
    void aLocalFilePathIsRefusedOverHttp() throws Exception {
        Path file = outputs.resolve("reference.png");
        Files.write(file, TestImages.noisyPng(32, 32, 1));
        for (String image : List.of(file.toString(), file.toUri().toString())) {
            McpSchema.CallToolResult result = call(client, GENERATE, with("image", image), null);
            assertThat(result.isError()).isTrue();
            JsonNode violations = structured(result).at("/error/violations");
            assertThat(violations).hasSize(1);
            assertThat(violations.get(0).get("field").asText()).isEqualTo("image");
            assertThat(violations.get(0).get("message").asText()).contains("only over stdio", "data URL");
        }
    }

    @Test
    void resourcesReadReturnsThePngBytesAndUnknownAssetsAreCleanErrors() {
        McpSchema.CallToolResult result = call(client, GENERATE, Fixture.request(), null);
        JsonNode image = structured(result).at("/images/0");
        McpSchema.ReadResourceResult read = client.readResource(
                new McpSchema.ReadResourceRequest(image.get("url").asText()));
        McpSchema.BlobResourceContents blob =
                (McpSchema.BlobResourceContents) read.contents().get(0);
        assertThat(blob.mimeType()).isEqualTo("image/png");
        assertThat(blob.uri()).isEqualTo(image.get("url").asText());
        assertThat(Base64.getDecoder().decode(blob.blob()))
                .isEqualTo(fixture.ports.produced.get(image.get("assetId").asText()));

        assertThatThrownBy(
                        () -> client.readResource(new McpSchema.ReadResourceRequest("img2img://assets/asset_unknown")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("asset_unknown");
        assertThatThrownBy(() -> client.readResource(new McpSchema.ReadResourceRequest("img2img://assets/..%2Fetc")))
                .isInstanceOf(McpError.class);
        assertThat(client.ping()).isNotNull();
    }

    @Test
    void aFrameWithBytesAfterItsObjectStartsNothing() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> init = http.send(
                frame(
                        null,
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                                + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"),
                HttpResponse.BodyHandlers.ofString());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new AssertionError(init.body()));
        http.send(
                frame(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                HttpResponse.BodyHandlers.ofString());
        String call = Fixture.JSON.writeValueAsString(Map.of(
                "jsonrpc",
                "2.0",
                "id",
                2,
                "method",
                "tools/call",
                "params",
                Map.of("name", GENERATE, "arguments", Fixture.request())));
        for (String sent : List.of(call + "}", call + call, call + " x")) {
            HttpResponse<String> r = http.send(frame(session, sent), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
        }
        assertThat(fixture.ports.generateCalls)
                .as("no malformed frame reached the port")
                .isEmpty();
    }

    private HttpRequest frame(String session, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return b.build();
    }

    @Test
    void transportErrorsCarryNoStackTrace() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<HttpRequest> bad = List.of(
                HttpRequest.newBuilder(URI.create(baseUrl + "/mcp"))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                        .build(),
                HttpRequest.newBuilder(URI.create(baseUrl + "/mcp"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
                        .build(),
                HttpRequest.newBuilder(URI.create(baseUrl + "/mcp"))
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build());
        for (HttpRequest request : bad) {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(request.toString()).isBetween(400, 499);
            assertThat(response.body())
                    .as(request.toString())
                    .doesNotContain("stackTrace", "\tat ", "at io.", "at java.", "localizedMessage");
            JsonNode body = Fixture.JSON.readTree(response.body());
            assertThat(body.get("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(body.at("/error/message").asText()).isNotBlank();
            assertThat(body.at("/error/code").isInt()).isTrue();
        }
    }

    private List<Double> awaitProgress(String token) throws Exception {
        List<Double> values = Await.until(
                () -> progress.stream()
                        .filter(n -> token.equals(n.progressToken()))
                        .map(McpSchema.ProgressNotification::progress)
                        .collect(Collectors.toList()),
                seen -> seen.contains(1.0),
                Duration.ofSeconds(10));
        assertThat(values).as("the final progress notification for " + token).contains(1.0);
        assertThat(wireProgress(token)).containsExactlyInAnyOrderElementsOf(values);
        return wireProgress(token);
    }

    /** The progress of one token as it went over the wire, in order (the client may handle them out of order). */
    private List<Double> wireProgress(String token) {
        return wire.sseMessages().stream()
                .map(WireTap::parse)
                .filter(m -> "notifications/progress".equals(m.path("method").asText()))
                .filter(m -> token.equals(m.at("/params/progressToken").asText()))
                .map(m -> m.at("/params/progress").asDouble())
                .toList();
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> args = Fixture.request();
        args.put(field, value);
        return args;
    }

    private static Map<String, Object> without(String field) {
        Map<String, Object> args = new HashMap<>(Fixture.request());
        args.remove(field);
        return args;
    }
}
