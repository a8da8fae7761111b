package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several img2img processes on one SQLite ledger file share jobs and idempotency keys (SPEC §10). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedLedgerIT {
    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T open(T c) {
        opened.add(c);
        return c;
    }

    @Test
    void twentyConcurrentPostsWithOneKeyOverTwoServesStartOneJobAndSendOnePost() throws Exception {
        FakeScenario scenario = open(new FakeScenario());
        Map<String, String> env = ServeProcess.env(
                dir,
                "IMG2IMG_BACKEND",
                "scenario",
                "SCENARIO_API_KEY",
                "key-ABCDEF123",
                "SCENARIO_API_SECRET",
                "secret-XYZ987",
                "SCENARIO_API_URL",
                scenario.baseUrl());
        List<ServeProcess> serves = List.of(open(ServeProcess.start(env)), open(ServeProcess.start(env)));
        Map<String, Object> request = body("modelId", "model_sdxl", "numSamples", 2, "seed", "11");

        ExecutorService clients = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ServeProcess target = serves.get(i % 2);
            answers.add(clients.submit(() -> {
                go.await();
                return post(
                        target.url("/v1/generate/img2img"),
                        request,
                        "Idempotency-Key",
                        "shared-key",
                        "Prefer",
                        "wait=0");
            }));
        }
        go.countDown();
        List<String> jobIds = HttpCalls.jobIdsOfOneKey(answers);
        clients.shutdown();
        assertThat(jobIds).as("answers with a job").isNotEmpty();
        assertThat(jobIds).as("one job for one key").containsOnly(jobIds.get(0));
        JsonNode done = ScenarioCrashIT.followToTheEnd(serves.get(1), jobIds.get(0));
        assertThat(done.get("status").asText()).isEqualTo("success");
        assertThat(ScenarioCrashIT.followToTheEnd(serves.get(0), jobIds.get(0))
                        .get("status")
                        .asText())
                .isEqualTo("success");
        assertThat(scenario.generationPostCount())
                .as("generation POSTs Scenario received")
                .isEqualTo(1);
        assertThat(new LedgerFile(dir.resolve("ledger.db")).jobs()).hasSize(1);
    }

    @Test
    void aJobStartedOverStdioMcpIsReadOverRestAndOneStartedOverRestIsReadOverMcp() throws Exception {
        Map<String, String> env = ServeProcess.env(dir, "IMG2IMG_BACKEND", "local");
        ServeProcess serve = open(ServeProcess.start(env));
        McpStdioProcess mcp = open(new McpStdioProcess(dir.resolve("mcp-stdout.jsonl"), env));

        McpSchema.CallToolResult viaMcp = mcp.call(McpTestSupport.GENERATE, McpTestSupport.request("seed", 5), null);
        JsonNode mcpResult = McpTestSupport.structured(viaMcp);
        assertThat(viaMcp.isError()).as(mcpResult.toString()).isNotEqualTo(Boolean.TRUE);
        assertThat(mcpResult.get("status").asText()).isEqualTo("success");
        HttpResponse<String> readOverRest =
                get(serve.url("/v1/jobs/" + mcpResult.get("jobId").asText()));
        assertThat(readOverRest.statusCode()).as(readOverRest.body()).isEqualTo(200);
        JsonNode restView = json(readOverRest);
        assertThat(restView.get("status").asText()).isEqualTo("success");
        assertThat(assetIds(restView)).hasSize(2).isEqualTo(assetIds(mcpResult));
        HttpResponse<byte[]> image =
                HttpCalls.getBytes(restView.at("/images/0/url").asText());
        assertThat(image.statusCode())
                .as("the serve serves the MCP process's image")
                .isEqualTo(200);
        McpTestSupport.decode(image.body());

        HttpResponse<String> viaRest =
                post(serve.url("/v1/generate/img2img"), body("numSamples", 2, "width", 128, "height", 128, "seed", 6));
        assertThat(viaRest.statusCode()).as(viaRest.body()).isEqualTo(200);
        JsonNode restResult = json(viaRest);
        McpSchema.CallToolResult readOverMcp = mcp.call(
                McpTestSupport.GET_JOB, Map.of("jobId", restResult.get("jobId").asText()), null);
        JsonNode mcpView = McpTestSupport.structured(readOverMcp);
        assertThat(readOverMcp.isError()).as(mcpView.toString()).isNotEqualTo(Boolean.TRUE);
        assertThat(mcpView.get("status").asText()).isEqualTo("success");
        assertThat(mcpView.get("jobId").asText())
                .isEqualTo(restResult.get("jobId").asText());
        assertThat(assetIds(mcpView)).hasSize(2).isEqualTo(assetIds(restResult));
    }

    private static List<String> assetIds(JsonNode result) {
        List<String> ids = new ArrayList<>();
        result.path("images").forEach(i -> ids.add(i.get("assetId").asText()));
        return ids;
    }
}
