package io.img2img.bootstrap;

import static io.img2img.bootstrap.FakeScenario.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /v1/models and the MCP tool list-img2img-models on the Scenario backend, Scenario played by
 * MockWebServer with the documented list shape ({models, nextPaginationToken}) over three pages: two of the
 * team's private models, one of Scenario's official public ones, with unknown extra fields, and untrained,
 * non-img2img and custom models that must not be listed.
 */
class ModelListTest {
    private static final String EXTRA =
            "\"thumbnail\":{\"url\":\"https://x\"},\"tags\":[\"a\"],\"somethingNew\":{\"n\":1}";
    private final MockWebServer scenario = new MockWebServer();
    private final List<RecordedRequest> lists = new CopyOnWriteArrayList<>();

    @TempDir
    Path outputs;

    private InProcessServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        scenario.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                String token = request.getUrl().queryParameter("paginationToken");
                if (path.equals("/v1/models") || path.equals("/v1/models/public")) {
                    lists.add(request);
                }
                if (path.equals("/v1/models") && token == null) {
                    return json(
                            200,
                            "{\"models\":["
                                    + model(
                                            "model_sdxl_a",
                                            "Team SDXL",
                                            "sd-xl",
                                            "trained",
                                            "[\"txt2img\",\"img2img\"]",
                                            false)
                                    + ","
                                    + model(
                                            "model_training",
                                            "Still training",
                                            "sd-xl",
                                            "training",
                                            "[\"img2img\"]",
                                            false)
                                    + "],\"nextPaginationToken\":\"tok-2\"," + EXTRA + "}");
                }
                if (path.equals("/v1/models") && token.equals("tok-2")) {
                    return json(
                            200,
                            "{\"models\":["
                                    + model(
                                            "model_flux_dev",
                                            "Team Flux",
                                            "flux.1-lora",
                                            "trained",
                                            "[\"img2img\"]",
                                            false)
                                    + ","
                                    + model("model_txt_only", "Text only", "flux.1", "trained", "[\"txt2img\"]", false)
                                    + "," + model("model_custom", "Custom", "custom", "trained", "[\"img2img\"]", true)
                                    + "],\"nextPaginationToken\":\"\"}");
                }
                if (path.equals("/v1/models/public")
                        && "sc:scenario".equals(request.getUrl().queryParameter("tags"))) {
                    return json(
                            200,
                            "{\"models\":["
                                    + model(
                                            "flux.1.1-pro-ultra",
                                            "Flux Pro Ultra",
                                            "flux.1.1-pro-ultra",
                                            "trained",
                                            "[\"img2img\",\"txt2img\"]",
                                            false)
                                    + ","
                                    + model(
                                            "model_public_custom",
                                            "Public custom",
                                            "sd-xl",
                                            "trained",
                                            "[\"img2img\"]",
                                            true)
                                    + "]}");
                }
                return json(404, "{\"message\":\"no route\"}");
            }
        });
        scenario.start();
        server = InProcessServer.scenario(outputs, scenario.url("/v1").toString());
        base = server.base;
    }

    @AfterEach
    void stop() {
        server.close();
        scenario.close();
    }

    private static String model(
            String id, String name, String type, String status, String capabilities, boolean custom) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"status\":\"" + status
                + "\",\"capabilities\":" + capabilities + ",\"custom\":" + custom + ",\"compliantModelIds\":[]," + EXTRA
                + "}";
    }

    @Test
    void restPagesThroughPrivateThenOfficialModelsKeepingOnlyThoseThatRunImg2Img() throws Exception {
        List<JsonNode> models = new ArrayList<>();
        String cursor = null;
        int answers = 0;
        do {
            var r = HttpCalls.get(base + "/v1/models"
                    + (cursor == null ? "" : "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = HttpCalls.json(r);
            assertThat(page.get("backend").asText()).isEqualTo("scenario");
            assertThat(page.get("models").size()).isLessThanOrEqualTo(100);
            page.get("models").forEach(models::add);
            cursor = page.path("nextCursor").asText(null);
            answers++;
        } while (cursor != null && answers < 10);
        assertThat(models)
                .extracting(m -> m.get("id").asText())
                .containsExactly("model_sdxl_a", "model_flux_dev", "flux.1.1-pro-ultra");
        Map<String, JsonNode> byId = new HashMap<>();
        models.forEach(m -> byId.put(m.get("id").asText(), m));
        JsonNode sdxl = byId.get("model_sdxl_a");
        assertThat(sdxl.get("name").asText()).isEqualTo("Team SDXL");
        assertThat(sdxl.get("family").asText()).isEqualTo("sd-xl");
        assertThat(sdxl.at("/ranges/width/minimum").asInt()).isEqualTo(512);
        assertThat(sdxl.at("/ranges/guidance/default").asDouble()).isEqualTo(6);
        JsonNode pro = byId.get("flux.1.1-pro-ultra");
        assertThat(pro.get("family").asText()).isEqualTo("flux-pro");
        assertThat(pro.at("/ranges/guidance/minimum").asInt()).isEqualTo(2);
        assertThat(pro.at("/ranges/guidance/maximum").asInt()).isEqualTo(5);
        assertThat(pro.at("/ranges/height/multipleOf").asInt()).isEqualTo(8);
        assertThat(pro.at("/ranges/height/default").asInt()).isEqualTo(512);
        assertThat(byId.get("model_flux_dev").get("family").asText()).isEqualTo("flux-dev");

        assertThat(lists).hasSize(3);
        assertThat(lists).allSatisfy(r -> {
            assertThat(r.getUrl().queryParameter("pageSize")).isEqualTo("100");
            assertThat(r.getHeaders().get("Authorization")).startsWith("Basic ");
        });
        var again = HttpCalls.get(base + "/v1/models");
        assertThat(HttpCalls.json(again).get("models").get(0).get("id").asText())
                .isEqualTo("model_sdxl_a");
        assertThat(lists).as("pages are cached briefly").hasSize(3);

        var forged = HttpCalls.get(base + "/v1/models?cursor=not-ours");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(HttpCalls.json(forged).at("/errors/0/field").asText()).isEqualTo("cursor");
    }

    @Test
    void theMcpToolListsTheSameModelsOverARealClient() {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(base)
                        .endpoint("/mcp")
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        try {
            client.initialize();
            List<String> ids = new ArrayList<>();
            Map<String, Object> args = Map.of();
            for (int calls = 0; calls < 10; calls++) {
                McpSchema.CallToolResult r =
                        client.callTool(new McpSchema.CallToolRequest("list-img2img-models", args));
                assertThat(r.isError()).as(r.toString()).isFalse();
                JsonNode page = McpTestSupport.JSON.valueToTree(r.structuredContent());
                page.get("models").forEach(m -> ids.add(m.get("id").asText()));
                assertThat(((McpSchema.TextContent) r.content().get(0)).text()).contains("modelId");
                if (!page.has("nextCursor")) {
                    break;
                }
                args = Map.of("cursor", page.get("nextCursor").asText());
            }
            assertThat(ids).containsExactly("model_sdxl_a", "model_flux_dev", "flux.1.1-pro-ultra");
            McpSchema.CallToolResult forged =
                    client.callTool(new McpSchema.CallToolRequest("list-img2img-models", Map.of("cursor", "forged")));
            assertThat(forged.isError()).isTrue();
            assertThat(McpTestSupport.JSON
                            .valueToTree(forged.structuredContent())
                            .at("/error/violations/0/field")
                            .asText())
                    .isEqualTo("cursor");
        } finally {
            client.closeGracefully();
        }
    }
}
