package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.testkit.Await;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21 on SQLite: while an MCP tool call waits for its job, whose POST has reached Scenario, another process
 * holds the ledger under {@code BEGIN EXCLUSIVE} for four times the busy timeout. The caller is never told
 * "nothing was submitted", it gets a job id it can follow, the job ends (or is outcome-unknown) within
 * 2 × lease + 30 s of the lock's release, one POST was sent, and the process runs new jobs afterwards.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SqliteLockIT {
    private static final int LEASE_SECONDS = 4;
    private static final Duration BUSY = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aLedgerLockedPastTheBusyTimeoutWhileAnMcpCallWaitsLosesNothingAndBillsOnce() throws Exception {
        Path database = dir.resolve("ledger.db");
        try (FakeScenario scenario = new FakeScenario();
                McpStdioProcess mcp = new McpStdioProcess(
                        dir.resolve("stdout.jsonl"),
                        Map.of(
                                "IMG2IMG_BACKEND",
                                "scenario",
                                "SCENARIO_API_KEY",
                                "key-ABCDEF123",
                                "SCENARIO_API_SECRET",
                                "secret-XYZ987",
                                "SCENARIO_API_URL",
                                scenario.baseUrl(),
                                "IMG2IMG_OUTPUT_DIR",
                                dir.resolve("outputs").toString(),
                                "IMG2IMG_DATABASE_URL",
                                "jdbc:sqlite:" + database,
                                "IMG2IMG_LEASE_SECONDS",
                                String.valueOf(LEASE_SECONDS),
                                "IMG2IMG_DATABASE_BUSY_MILLIS",
                                String.valueOf(BUSY.toMillis()),
                                "IMG2IMG_WAIT_SECONDS",
                                "60"))) {
            scenario.holdGenerations();
            CompletableFuture<McpSchema.CallToolResult> waiting = CompletableFuture.supplyAsync(() -> mcp.call(
                    McpTestSupport.GENERATE,
                    McpTestSupport.request(
                            "modelId", "model_sdxl", "numSamples", 1, "seed", 61, "width", 512, "height", 512),
                    null));
            Await.until(
                    () -> scenario.generationPostCount() + (waiting.isDone() ? 100 : 0),
                    n -> n != 0,
                    Duration.ofSeconds(30));
            assertThat(waiting.isDone())
                    .as("the call waits for its POST: "
                            + (waiting.isDone() ? McpTestSupport.structured(waiting.join()) : ""))
                    .isFalse();
            assertThat(scenario.generationPostCount()).isEqualTo(1);

            long unlocked;
            try (Connection lock = new LedgerFile(database).connect()) {
                lock.createStatement().execute("BEGIN EXCLUSIVE");
                lock.createStatement().executeUpdate("UPDATE ledger_changes SET counter = counter WHERE id = 1");
                scenario.release(); // Scenario answers the POST: the job was made, its id must be written now
                TimeUnit.MILLISECONDS.sleep(BUSY.multipliedBy(4).toMillis()); // the fault: the lock held that long
                lock.createStatement().execute("ROLLBACK");
                unlocked = System.nanoTime();
            }

            McpSchema.CallToolResult answer = waiting.get(90, TimeUnit.SECONDS);
            JsonNode result = McpTestSupport.structured(answer);
            assertThat(result.toString()).doesNotContainIgnoringCase("nothing was submitted");
            assertThat(result.path("jobId").asText())
                    .as("the waiting caller gets its job: " + result)
                    .startsWith("job_");
            String jobId = result.get("jobId").asText();

            long deadline = unlocked + FaultChecks.endBound(LEASE_SECONDS).toNanos();
            JsonNode end = result;
            while (!Boolean.TRUE.equals(ended(end)) && System.nanoTime() - deadline < 0) {
                McpSchema.CallToolResult read = mcp.call(McpTestSupport.GET_JOB, Map.of("jobId", jobId), null);
                end = McpTestSupport.structured(read);
                assertThat(end.at("/error/code").asText()).as(end.toString()).isNotEqualTo("unknown-job");
            }
            assertThat(ended(end))
                    .as("ended within 2 × lease + 30 s of the unlock: " + end)
                    .isTrue();
            FaultChecks.assertEndedOrOutcomeUnknown(end);
            System.err.println("SqliteLockIT: the MCP caller was answered "
                    + result.path("status").asText() + "; the job ended "
                    + end.path("status").asText() + " " + end.at("/error/code").asText() + " "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unlocked) + " ms after the unlock");
            assertThat(scenario.generationPostCount()).as("one POST").isEqualTo(1);

            McpSchema.CallToolResult next = mcp.call(
                    McpTestSupport.GENERATE,
                    McpTestSupport.request(
                            "modelId", "model_sdxl", "numSamples", 1, "seed", 62, "width", 512, "height", 512),
                    null);
            assertThat(McpTestSupport.structured(next).path("status").asText())
                    .as(next.toString())
                    .isEqualTo("success");
            assertThat(scenario.generationPostCount()).isEqualTo(2);
        }
    }

    private static boolean ended(JsonNode job) {
        return java.util.Set.of("success", "failure", "canceled")
                .contains(job.path("status").asText());
    }
}
