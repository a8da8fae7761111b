package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.testkit.Await;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable queue across SIGKILLs (issue #13, SPEC §10 "The queue"), on Scenario played by MockWebServer: queued
 * jobs outlive their process and have spent nothing; a job claimed but not yet submitted when its process died is
 * claimed again after the lease and paid once. (A job killed between its POST and the answer: ScenarioCrashIT.)
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class QueueCrashIT {
    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private ServeProcess serve(FakeScenario scenario, int slots) throws Exception {
        ServeProcess p = ServeProcess.start(ServeProcess.env(
                dir,
                "IMG2IMG_BACKEND",
                "scenario",
                "SCENARIO_API_KEY",
                "key-ABCDEF123",
                "SCENARIO_API_SECRET",
                "secret-XYZ987",
                "SCENARIO_API_URL",
                scenario.baseUrl(),
                "IMG2IMG_LEASE_SECONDS",
                "2",
                "IMG2IMG_MAX_CONCURRENT_JOBS",
                String.valueOf(slots)));
        opened.add(p);
        return p;
    }

    private static String accept(ServeProcess p, String seed, String expectedStatus) throws Exception {
        HttpResponse<String> r = post(
                p.url("/v1/generate/img2img"),
                body("modelId", "model_sdxl", "numSamples", 2, "seed", seed),
                "Prefer",
                "wait=0");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(json(r).get("status").asText()).isEqualTo(expectedStatus);
        return json(r).get("jobId").asText();
    }

    @Test
    void queuedJobsSurviveSigkillsAndAJobClaimedButNotSubmittedIsClaimedAgainAndPaidOnce() throws Exception {
        FakeScenario scenario = new FakeScenario();
        opened.add(scenario);
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.db"));
        scenario.jobsMayEnd = false; // the first job keeps the one slot

        ServeProcess first = serve(scenario, 1);
        String running = accept(first, "1", "in-progress");
        Await.until(() -> ledger.state(running), "submitted"::equals, Duration.ofSeconds(30));
        String queuedB = accept(first, "2", "queued");
        String queuedC = accept(first, "3", "queued");
        JsonNode c = json(HttpCalls.get(first.url("/v1/jobs/" + queuedC)));
        assertThat(c.get("status").asText()).isEqualTo("queued");
        assertThat(c.path("queuePosition").asInt())
                .as("SPEC §4: queuePosition while queued: " + c)
                .isEqualTo(2);
        assertThat(json(HttpCalls.get(first.url("/v1/jobs/" + queuedB)))
                        .path("queuePosition")
                        .asInt())
                .isEqualTo(1);
        first.kill();
        assertThat(ledger.state(queuedB)).isEqualTo("queued");
        assertThat(ledger.state(queuedC)).isEqualTo("queued");
        assertThat(scenario.generationPostCount())
                .as("queued jobs spend nothing")
                .isEqualTo(1);

        // the next process claims B, then looks its model up before it may submit: held there, then killed
        long lookups = scenario.modelLookupCount();
        scenario.holdModelLookups();
        ServeProcess second = serve(scenario, 2);
        Await.until(scenario::modelLookupCount, n -> n > lookups, Duration.ofSeconds(30));
        Map<String, Object> claimed =
                Await.until(() -> ledger.job(queuedB), j -> "claimed".equals(j.get("state")), Duration.ofSeconds(10));
        assertThat(claimed.get("state")).isEqualTo("claimed");
        second.kill();
        assertThat(scenario.generationPostCount())
                .as("nothing was sent for the claimed job")
                .isEqualTo(1);

        scenario.release();
        scenario.jobsMayEnd = true;
        ServeProcess third = serve(scenario, 2);
        for (String jobId : List.of(running, queuedB, queuedC)) {
            JsonNode end = ScenarioCrashIT.followToTheEnd(third, jobId);
            assertThat(end.get("status").asText()).as(jobId + ": " + end).isEqualTo("success");
        }
        assertThat(scenario.generationPostCount()).as("each job paid once").isEqualTo(3);
    }
}
