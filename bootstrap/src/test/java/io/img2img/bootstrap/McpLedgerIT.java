package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code img2img mcp} and the ledger (SPEC §10): opened at first use only; when it cannot be written, an isError. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class McpLedgerIT {
    @TempDir
    Path dir;

    @Test
    void toolsListDoesNotTouchTheLedgerAndAGenerationCreatesIt() throws Exception {
        Path database = dir.resolve("ledger-folder").resolve("ledger.db");
        try (McpStdioProcess mcp = new McpStdioProcess(
                dir.resolve("stdout.jsonl"),
                Map.of(
                        "IMG2IMG_BACKEND",
                        "local",
                        "IMG2IMG_OUTPUT_DIR",
                        dir.resolve("outputs").toString(),
                        "IMG2IMG_DATABASE_URL",
                        "jdbc:sqlite:" + database))) {
            assertThat(mcp.listTools()).isNotEmpty();
            McpSchema.CallToolResult dry =
                    mcp.call(McpTestSupport.GENERATE, McpTestSupport.request("dryRun", true), null);
            assertThat(McpTestSupport.structured(dry).get("dryRun").asBoolean()).isTrue();
            assertThat(database.getParent())
                    .as("tools/list and dry runs leave the ledger alone")
                    .doesNotExist();

            McpSchema.CallToolResult done = mcp.call(McpTestSupport.GENERATE, McpTestSupport.request(), null);
            assertThat(McpTestSupport.structured(done).get("status").asText()).isEqualTo("success");
            assertThat(database).exists();
        }
    }

    @Test
    void aGenerationOnAnUnwritableLedgerIsAnIsErrorNamingItAndDryRunsStillWork() throws Exception {
        Path database =
                Files.writeString(dir.resolve("plain-file"), "not a folder").resolve("ledger.db");
        try (McpStdioProcess mcp = new McpStdioProcess(
                dir.resolve("stdout.jsonl"),
                Map.of(
                        "IMG2IMG_BACKEND",
                        "local",
                        "IMG2IMG_OUTPUT_DIR",
                        dir.resolve("outputs").toString(),
                        "IMG2IMG_DATABASE_URL",
                        "jdbc:sqlite:" + database))) {
            McpSchema.CallToolResult refused = mcp.call(McpTestSupport.GENERATE, McpTestSupport.request(), null);
            JsonNode error = McpTestSupport.structured(refused).get("error");
            assertThat(refused.isError()).isTrue();
            assertThat(error.get("code").asText()).isEqualTo("ledger-unavailable");
            assertThat(error.get("message").asText())
                    .contains(database.toString())
                    .doesNotContain("\tat ");
            McpSchema.CallToolResult dry =
                    mcp.call(McpTestSupport.GENERATE, McpTestSupport.request("dryRun", true), null);
            assertThat(dry.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(McpTestSupport.structured(dry).get("dryRun").asBoolean()).isTrue();
            assertThat(mcp.stderr).noneMatch(line -> line.startsWith("\tat ") || line.contains("Caused by:"));
        }
    }
}
