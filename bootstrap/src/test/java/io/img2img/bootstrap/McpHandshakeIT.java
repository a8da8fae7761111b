package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code img2img mcp} from the fat jar: the handshake answered before the application exists (from the
 * answers recorded at build time), and the full server taking over the same session at the first tool call.
 * The frames are written at once and stdin closed: every request reaches the process long before its
 * application is built.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class McpHandshakeIT {
    @TempDir
    Path dir;

    @Test
    void theHandshakesListsAreTheFullServersAndInitializeIsAnsweredOnce() throws Exception {
        Map<Integer, JsonNode> answers = session(
                List.of(),
                initialize(1),
                initialized(),
                request(2, "tools/list", null),
                request(3, "resources/templates/list", null),
                request(4, "resources/list", null),
                dryRunCall(5),
                request(6, "tools/list", null),
                request(7, "resources/templates/list", null),
                request(8, "resources/list", null));
        assertThat(answers).containsOnlyKeys(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(answers.get(1).at("/result/serverInfo/name").asText()).isEqualTo("img2img");
        assertThat(answers.get(5).at("/result/structuredContent/dryRun").asBoolean())
                .isTrue();
        // 2-4 answered by the handshake, 6-8 by the full server after the tool call
        assertThat(answers.get(2).get("result")).isEqualTo(answers.get(6).get("result"));
        assertThat(answers.get(3).get("result")).isEqualTo(answers.get(7).get("result"));
        assertThat(answers.get(4).get("result")).isEqualTo(answers.get(8).get("result"));
        McpTestSupport.assertToolsContract(McpTestSupport.MAPPER.convertValue(
                answers.get(2).get("result").get("tools"),
                new io.modelcontextprotocol.json.TypeRef<List<io.modelcontextprotocol.spec.McpSchema.Tool>>() {}));
    }

    @Test
    void aToolCallRightAfterInitializeIsAnsweredByTheApplicationOnceBuilt() throws Exception {
        Map<Integer, JsonNode> answers = session(List.of(), initialize(1), initialized(), dryRunCall(2));
        assertThat(answers).containsOnlyKeys(1, 2);
        assertThat(answers.get(2).at("/result/isError").asBoolean(false)).isFalse();
        assertThat(answers.get(2).at("/result/structuredContent/dryRun").asBoolean())
                .isTrue();
        assertThat(answers.get(2).at("/result/structuredContent/backend").asText())
                .isEqualTo("local");
    }

    @Test
    void theHandshakeAloneLoadsNoGuiceNoJdbcNoHttpClientNoSdkAndNoLogging() throws Exception {
        Path classes = dir.resolve("classes.log");
        Map<Integer, JsonNode> answers = session(
                List.of("-Dimg2img.mcp.buildAhead=false", "-Xlog:class+load=info:file=" + classes),
                initialize(1),
                initialized(),
                request(2, "tools/list", null),
                request(3, "resources/templates/list", null),
                request(4, "ping", null));
        assertThat(answers).containsOnlyKeys(1, 2, 3, 4);
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded)
                .as("the log names the handshake's own classes")
                .anyMatch(line -> line.contains("io.img2img.adapter.mcp.StdioHandshake "));
        for (String prefix : List.of(
                "com.google.inject.",
                "java.sql.",
                "org.sqlite.",
                "org.postgresql.",
                "org.flywaydb.",
                "okhttp3.",
                "reactor.",
                "io.modelcontextprotocol.",
                "ch.qos.logback.",
                "org.slf4j.",
                "io.javalin.",
                "org.eclipse.jetty.",
                "com.fasterxml.jackson.databind.")) {
            assertThat(loaded)
                    .as("no %s class while only the handshake ran", prefix)
                    .noneMatch(line -> line.contains(" " + prefix));
        }
    }

    /** Runs one session of these frames (stdin closed after them); the answers by id, each id answered once. */
    private Map<Integer, JsonNode> session(List<String> jvmOptions, String... frames) throws Exception {
        List<String> command = new ArrayList<>(Processes.java("mcp"));
        command.addAll(3, jvmOptions); // after the launcher's -Xlog options, before -jar
        Processes.Outcome run = Processes.run(
                command,
                Map.of(
                        "IMG2IMG_BACKEND",
                        "local",
                        "IMG2IMG_OUTPUT_DIR",
                        dir.resolve("outputs").toString()),
                String.join("\n", frames) + "\n",
                90);
        assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isZero();
        Map<Integer, JsonNode> answers = new HashMap<>();
        for (String line : run.stdout().split("\n")) {
            JsonNode frame = McpTestSupport.JSON.readTree(line); // stdout holds JSON-RPC frames and nothing else
            assertThat(frame.get("jsonrpc").asText()).isEqualTo("2.0");
            if (frame.has("id")) {
                assertThat(answers.put(frame.get("id").asInt(), frame))
                        .as("one answer to id %s", frame.get("id"))
                        .isNull();
            }
        }
        return answers;
    }

    private static String initialize(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id
                + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    }

    private static String initialized() {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    }

    private static String dryRunCall(int id) throws Exception {
        return request(
                id,
                "tools/call",
                Map.of("name", McpTestSupport.GENERATE, "arguments", McpTestSupport.request("dryRun", true)));
    }

    private static String request(int id, String method, Map<String, Object> params) throws Exception {
        Map<String, Object> frame = new java.util.LinkedHashMap<>();
        frame.put("jsonrpc", "2.0");
        frame.put("id", id);
        frame.put("method", method);
        if (params != null) {
            frame.put("params", params);
        }
        return McpTestSupport.JSON.writeValueAsString(frame);
    }
}
