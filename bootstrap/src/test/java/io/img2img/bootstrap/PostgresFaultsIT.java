package io.img2img.bootstrap;

import static io.img2img.bootstrap.FaultChecks.GENERATE;
import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.testkit.Await;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21's database faults on the fat jar: two {@code serve} nodes on one PostgreSQL cluster made for this test
 * (never the shared server), lease 4 s, one slot each, Scenario played by MockWebServer. Before each fault every
 * node holds a job whose POST reached Scenario (its caller still waiting) and has one queued behind it; then the
 * server is restarted, paused (SIGSTOP of its processes for 12 s), and stopped for 30 s. After each: one POST per
 * job, no caller told "nothing was submitted", every job id readable and ended (or outcome-unknown) within
 * 2 × lease + 30 s of the fault's end, and every node runs new jobs.
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class PostgresFaultsIT {
    private static final int LEASE_SECONDS = 4;

    @TempDir
    Path dir;

    private ThrowAwayPostgres pg;
    private FakeScenario scenario;
    private final List<ServeProcess> nodes = new ArrayList<>();
    private int seed = 1000;

    @BeforeEach
    void start() throws Exception {
        pg = ThrowAwayPostgres.start();
        scenario = new FakeScenario();
        scenario.distinctJobs();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("IMG2IMG_DATABASE_URL", pg.url());
        env.put("IMG2IMG_DATABASE_USER", ThrowAwayPostgres.USER);
        env.put(
                "IMG2IMG_OUTPUT_DIR",
                Files.createDirectories(dir.resolve("outputs")).toString());
        String[] pairs = NodesIT.scenarioEnv(
                scenario, "IMG2IMG_LEASE_SECONDS", String.valueOf(LEASE_SECONDS), "IMG2IMG_MAX_CONCURRENT_JOBS", "1");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        List<CompletableFuture<ServeProcess>> starting = List.of(
                CompletableFuture.supplyAsync(() -> serve(env)), CompletableFuture.supplyAsync(() -> serve(env)));
        starting.forEach(s -> nodes.add(s.join()));
    }

    private static ServeProcess serve(Map<String, String> env) {
        try {
            return ServeProcess.start(env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (ServeProcess node : nodes) {
                node.close();
            }
            if (scenario != null) {
                scenario.close();
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    @Test
    void restartedPausedAndStoppedTheServerBillsNothingTwiceLosesNothingAndEveryNodeRunsNewJobs() throws Exception {
        survives("a restart", pg::restart);
        survives("a pause of 12 s", () -> {
            pg.pause();
            TimeUnit.SECONDS.sleep(12); // the fault itself, not a wait for a result
            pg.resume();
        });
        survives("a stop of 30 s", () -> {
            pg.stopServer();
            TimeUnit.SECONDS.sleep(30);
            pg.startServer();
        });
    }

    private interface Fault {
        void inject() throws Exception;
    }

    private void survives(String name, Fault fault) throws Exception {
        scenario.jobsMayEnd = false;
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        Map<String, Integer> keys = new HashMap<>(); // key → the seed of its request
        for (ServeProcess node : nodes) {
            long postsBefore = scenario.generationPosts.get();
            int keyed = ++seed;
            String key = "k-" + keyed;
            waiting.add(HttpCalls.CLIENT.sendAsync(
                    HttpCalls.postRequest(
                            node.url(GENERATE), request(keyed), "Idempotency-Key", key, "Prefer", "wait=90"),
                    HttpResponse.BodyHandlers.ofString()));
            Await.until(scenario.generationPosts::get, n -> n > postsBefore, Duration.ofSeconds(30));
            HttpResponse<String> queued = HttpCalls.post(node.url(GENERATE), request(++seed), "Prefer", "wait=0");
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            jobIds.add(json(queued).get("jobId").asText());
            keys.put(key, keyed);
        }
        java.util.function.Predicate<Map<String, String>> everyNodeHoldsOneAndQueuesOne =
                s -> s.values().stream().filter(v -> v.equals("submitted")).count() == 2
                        && s.values().stream().filter(v -> v.equals("queued")).count() == 2;
        assertThat(Await.until(this::states, everyNodeHoldsOneAndQueuesOne, Duration.ofSeconds(30)))
                .as(name + ": before the fault, two jobs at Scenario and two queued")
                .matches(everyNodeHoldsOneAndQueuesOne);

        fault.inject();
        long ended = System.nanoTime();
        scenario.jobsMayEnd = true;
        long deadline = ended + FaultChecks.endBound(LEASE_SECONDS).toNanos();

        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> w : waiting) {
            HttpResponse<String> answer = w.get(120, TimeUnit.SECONDS);
            answers.add(answer);
            assertThat(answer.statusCode())
                    .as(name + ": a waiting caller whose POST left gets its job: " + answer.body())
                    .isIn(200, 202);
            jobIds.add(json(answer).get("jobId").asText());
        }
        FaultChecks.assertNoCallerToldNothingWasSubmitted(answers);
        for (String jobId : jobIds) {
            JsonNode end = FaultChecks.awaitEnded(i -> nodes.get(i).base, nodes.size(), jobId, deadline);
            FaultChecks.assertEndedOrOutcomeUnknown(end);
        }
        FaultChecks.assertAtMostOnePostPerSeed(scenario);
        for (Map.Entry<String, Integer> key : keys.entrySet()) { // the same key again: its job, never a second POST
            long posts = scenario.generationPosts.get();
            HttpResponse<String> again = HttpCalls.post(
                    nodes.get(1).url(GENERATE),
                    request(key.getValue()),
                    "Idempotency-Key",
                    key.getKey(),
                    "Prefer",
                    "wait=0");
            assertThat(again.statusCode()).as(name + ": " + again.body()).isIn(200, 202, 409);
            assertThat(scenario.generationPosts.get())
                    .as(name + ": one POST per key")
                    .isEqualTo(posts);
        }
        for (int i = 0; i < nodes.size(); i++) {
            FaultChecks.assertRunsNewJobs(nodes.get(i).base, ++seed);
        }
        FaultChecks.assertAtMostOnePostPerSeed(scenario);
        System.err.println("PostgresFaultsIT: " + name + " survived; every job ended within "
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - ended)
                + " s of the fault's end (checks included)");
    }

    private static Map<String, Object> request(int seed) throws Exception {
        return body("modelId", "model_sdxl", "numSamples", 1, "seed", String.valueOf(seed));
    }

    /** The states of the jobs not ended yet, as the ledger has them. */
    private Map<String, String> states() throws Exception {
        Map<String, String> states = new HashMap<>();
        try (Connection db = pg.connect();
                ResultSet rows = db.createStatement()
                        .executeQuery(
                                "SELECT job_id, state FROM jobs "
                                        + "WHERE state NOT IN ('succeeded', 'success', 'failed', 'failure', 'canceled', 'outcome_unknown')")) {
            while (rows.next()) {
                states.put(rows.getString(1), rows.getString(2));
            }
        }
        return states;
    }
}
