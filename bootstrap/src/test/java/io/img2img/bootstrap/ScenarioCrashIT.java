package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fat jar on Scenario (MockWebServer) killed around its paid POST (SPEC §10 "States and write-ahead for
 * money"): a restart on the same ledger file never sends a job's generation POST a second time.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ScenarioCrashIT {
    private static final String GENERATE = "/v1/generate/img2img";

    @TempDir
    Path dir;

    private FakeScenario scenario;
    private LedgerFile ledger;
    private final List<ServeProcess> processes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        scenario = new FakeScenario();
        ledger = new LedgerFile(dir.resolve("ledger.db"));
    }

    @AfterEach
    void stop() throws Exception {
        for (ServeProcess p : processes) {
            p.close();
        }
        scenario.close();
    }

    private ServeProcess serve(int leaseSeconds, String... moreVariables) throws Exception {
        Map<String, String> env = ServeProcess.env(
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
                String.valueOf(leaseSeconds));
        for (int i = 0; i < moreVariables.length; i += 2) {
            env.put(moreVariables[i], moreVariables[i + 1]);
        }
        ServeProcess p = ServeProcess.start(env);
        processes.add(p);
        return p;
    }

    private static Map<String, Object> request() throws Exception {
        return body("modelId", "model_sdxl", "numSamples", 2, "seed", "7");
    }

    /** The only job in the ledger once it has reached the state. */
    private String awaitOnlyJobIn(String state) throws Exception {
        List<Map<String, Object>> jobs = Await.until(
                ledger::jobs, j -> j.size() == 1 && state.equals(j.get(0).get("state")), Duration.ofSeconds(30));
        assertThat(jobs)
                .as("the ledger's jobs")
                .singleElement()
                .satisfies(j -> assertThat(j.get("state")).isEqualTo(state));
        return (String) jobs.get(0).get("job_id");
    }

    @Test
    void aKeyedJobAcceptedBeforeASigkillIsTheSameJobAfterTheRestartAndIsFollowedToSuccessWithoutASecondPost()
            throws Exception {
        scenario.jobsMayEnd = false; // the job is still running at Scenario when its process dies
        ServeProcess first = serve(2);
        HttpResponse<String> accepted =
                post(first.url(GENERATE), request(), "Idempotency-Key", "crash-key-1", "Prefer", "wait=0");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = json(accepted).get("jobId").asText();
        assertThat(awaitOnlyJobIn("submitted")).isEqualTo(jobId);
        first.kill();

        scenario.jobsMayEnd = true;
        ServeProcess second = serve(2);
        HttpResponse<String> again =
                post(second.url(GENERATE), request(), "Idempotency-Key", "crash-key-1", "Prefer", "wait=30");
        assertThat(again.statusCode()).as(again.body()).isIn(200, 202);
        assertThat(json(again).get("jobId").asText()).isEqualTo(jobId);
        JsonNode done = followToTheEnd(second, jobId);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("success");
        assertThat(done.get("images")).hasSize(2);
        assertThat(scenario.generationPostCount())
                .as("generation POSTs Scenario received")
                .isEqualTo(1);
        assertThat(ledger.job(jobId).get("backend_job_id")).isEqualTo("job_1");
    }

    @Test
    void killedWhileItsPostIsUnansweredTheJobIsInProgressUntilTheLeaseEndsThenOutcomeUnknownAndNeverSentAgain()
            throws Exception {
        scenario.holdGenerations();
        ServeProcess first = serve(10);
        HttpCalls.CLIENT.sendAsync(
                HttpCalls.postRequest(
                        first.url(GENERATE), request(), "Idempotency-Key", "window-1", "Prefer", "wait=0"),
                HttpResponse.BodyHandlers.discarding());
        Await.until(scenario::generationPostCount, n -> n == 1, Duration.ofSeconds(30));
        String jobId = awaitOnlyJobIn("submitting"); // committed before the POST went out
        assertThat(scenario.generationPostCount()).isEqualTo(1);
        first.kill();

        ServeProcess second = serve(2);
        HttpResponse<String> during = post(second.url(GENERATE), request(), "Idempotency-Key", "window-1");
        long answeredAt = System.currentTimeMillis();
        long leaseUntil = ((Number) ledger.job(jobId).get("lease_until")).longValue();
        assertThat(answeredAt)
                .as("precondition: the dead holder's lease had not ended yet")
                .isLessThan(leaseUntil);
        assertThat(during.statusCode()).as(during.body()).isEqualTo(409);
        assertThat(json(during).get("code").asText()).isEqualTo("idempotency-key-in-progress");
        assertThat(during.headers().firstValue("Retry-After")).isPresent();

        awaitOnlyJobIn("outcome_unknown");
        HttpResponse<String> after = post(second.url(GENERATE), request(), "Idempotency-Key", "window-1");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(409);
        assertThat(json(after).get("code").asText()).isEqualTo("outcome-unknown");
        HttpResponse<String> read = get(second.url("/v1/jobs/" + jobId));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read).get("status").asText()).isEqualTo("failure");
        assertThat(json(read).at("/error/code").asText()).isEqualTo("outcome-unknown");
        assertThat(json(read).at("/error/message").asText()).containsIgnoringCase("billed");
        assertThat(scenario.generationPostCount())
                .as("the POST is never sent again")
                .isEqualTo(1);
    }

    @Test
    void aSigtermWhileThePostIsUnansweredWaitsBoundedThenLeavesTheJobOutcomeUnknownNeverResent() throws Exception {
        scenario.holdGenerations();
        // a grace of four leases: long enough to show the stop holds the job past them, short for the suite
        ServeProcess first = serve(2, "IMG2IMG_STOP_GRACE_SECONDS", "8");
        HttpCalls.CLIENT.sendAsync(
                HttpCalls.postRequest(first.url(GENERATE), request(), "Idempotency-Key", "term-1", "Prefer", "wait=0"),
                HttpResponse.BodyHandlers.discarding());
        Await.until(scenario::generationPostCount, n -> n == 1, Duration.ofSeconds(30));
        String jobId = awaitOnlyJobIn("submitting");

        first.terminate();
        // the stop does not release a submitting job: past several leases it is still the stopping process's
        assertThat(first.awaitExit(Duration.ofSeconds(5)))
                .as("the stop waits for the POST in flight")
                .isFalse();
        assertThat(ledger.state(jobId)).isEqualTo("submitting");
        assertThat(first.awaitExit(Duration.ofSeconds(30)))
                .as("the stop's wait is bounded by IMG2IMG_STOP_GRACE_SECONDS; stderr:\n" + first.stderrText())
                .isTrue();
        assertThat(ledger.state(jobId)).isEqualTo("outcome_unknown");

        ServeProcess second = serve(2);
        HttpResponse<String> again = post(second.url(GENERATE), request(), "Idempotency-Key", "term-1");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(json(again).get("code").asText()).isEqualTo("outcome-unknown");
        assertThat(ledger.state(jobId)).isEqualTo("outcome_unknown");
        assertThat(scenario.generationPostCount())
                .as("the POST is never sent again")
                .isEqualTo(1);
    }

    /** GET /v1/jobs/{id} with a wait until the job has ended; every answer on the way is 200 or 202, never 404. */
    static JsonNode followToTheEnd(ServeProcess p, String jobId) throws Exception {
        return followToTheEnd(p, jobId, Duration.ofSeconds(120));
    }

    /** The job once it ended, or as it is after {@code budget}. */
    static JsonNode followToTheEnd(ServeProcess p, String jobId, Duration budget) throws Exception {
        long deadline = System.nanoTime() + budget.toNanos();
        while (true) {
            HttpResponse<String> r = get(p.url("/v1/jobs/" + jobId), "Prefer", "wait=20");
            assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
            JsonNode job = json(r);
            if (r.statusCode() == 200 || System.nanoTime() - deadline > 0) {
                return job;
            }
        }
    }
}
