package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.testkit.Await;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code serve} processes on one SQLite file, one on the local backend and one on Scenario (MockWebServer), both
 * with a queue (SPEC §10 "Backend identity"): each claims only jobs of its own backend identity, although every
 * change of the other's queue is announced to it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class QueueIdentityIT {
    private static final int JOBS_EACH = 4;
    private static final Set<String> ENDED = Set.of("success", "failure", "canceled", "outcome_unknown");

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private ServeProcess serve(String outputs, String... pairs) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "IMG2IMG_OUTPUT_DIR",
                dir.resolve(outputs).toString(),
                "IMG2IMG_MAX_CONCURRENT_JOBS",
                "1",
                "IMG2IMG_LEASE_SECONDS",
                "300"));
        all.addAll(List.of(pairs));
        ServeProcess p = ServeProcess.start(ServeProcess.env(dir, all.toArray(String[]::new)));
        opened.add(p);
        return p;
    }

    private static String accept(ServeProcess p, Object... pairs) throws Exception {
        HttpResponse<String> r = post(p.url("/v1/generate/img2img"), body(pairs), "Prefer", "wait=0");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json(r).get("jobId").asText();
    }

    @Test
    void neitherProcessEverClaimsAJobOfTheOthersBackendIdentity() throws Exception {
        FakeScenario scenario = new FakeScenario();
        opened.add(scenario);
        scenario.distinctJobs = true;
        ServeProcess local = serve("local-out", "IMG2IMG_BACKEND", "local");
        ServeProcess remote = serve(
                "scenario-out",
                "IMG2IMG_BACKEND",
                "scenario",
                "SCENARIO_API_KEY",
                "key-ABCDEF123",
                "SCENARIO_API_SECRET",
                "secret-XYZ987",
                "SCENARIO_API_URL",
                scenario.baseUrl());
        Map<String, String> seedOfScenarioJob = new HashMap<>();
        Set<String> localJobs = new HashSet<>();
        for (int i = 1; i <= JOBS_EACH; i++) {
            // big enough (~0.2 s a job) that the ledger is seen holding it: a 512² job ends between two looks
            localJobs.add(accept(
                    local,
                    "modelId",
                    "model_local",
                    "numSamples",
                    2,
                    "width",
                    1024,
                    "height",
                    1024,
                    "seed",
                    String.valueOf(100 + i)));
            seedOfScenarioJob.put(
                    accept(remote, "modelId", "model_sdxl", "seed", String.valueOf(i)), String.valueOf(i));
        }
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.db"));
        assertThat(ledger.jobs())
                .as("both queues filled")
                .filteredOn(row -> "queued".equals(row.get("state")))
                .hasSizeGreaterThanOrEqualTo(2);

        // every holder seen on every job until all have ended: a holder is one process
        Map<String, Set<String>> holdersOfLocal = new HashMap<>();
        Set<String> localHolders = new HashSet<>();
        Set<String> scenarioHolders = new HashSet<>();
        List<Map<String, Object>> last = Await.until(
                ledger::jobs,
                rows -> {
                    for (Map<String, Object> row : rows) {
                        Object holder = row.get("holder");
                        if (holder != null) {
                            (localJobs.contains((String) row.get("job_id")) ? localHolders : scenarioHolders)
                                    .add((String) holder);
                        }
                    }
                    return rows.stream().allMatch(row -> ENDED.contains(String.valueOf(row.get("state"))));
                },
                Duration.ofSeconds(120));
        assertThat(last)
                .hasSize(2 * JOBS_EACH)
                .allSatisfy(
                        row -> assertThat(row.get("state")).as(row.toString()).isEqualTo("success"));
        assertThat(localHolders).as("one process held the local jobs").hasSize(1);
        assertThat(scenarioHolders)
                .as("one other process held the Scenario jobs")
                .hasSize(1)
                .doesNotContainAnyElementsOf(localHolders);

        List<String> posted = scenario.timeline.stream()
                .filter(e -> e.startsWith("post "))
                .map(e -> e.split(" ")[1])
                .toList();
        assertThat(posted)
                .as("Scenario got its own jobs, each once, and never a local one")
                .containsExactlyInAnyOrderElementsOf(seedOfScenarioJob.values().stream()
                        .map(s -> "seed=" + s)
                        .toList());
        try (Stream<Path> files = Files.list(dir.resolve("local-out"))) {
            assertThat(files.count())
                    .as("the local process rendered its own jobs' samples and nothing else")
                    .isEqualTo(2L * JOBS_EACH);
        }
        for (String jobId : seedOfScenarioJob.keySet()) {
            JsonNode job = json(HttpCalls.get(local.url("/v1/jobs/" + jobId)));
            assertThat(job.at("/images/0/assetId").asText())
                    .as("served from the ledger by either process; " + job)
                    .startsWith("asset_job_");
        }
    }
}
