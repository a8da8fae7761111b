package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What every fault test of issue #21 asserts once the fault is over: at most one generation POST per job and per
 * key, every job id a caller was given readable (never 404), every job ended or {@code outcome-unknown} within
 * 2 × lease + 30 s of the fault's end, no caller told "nothing was submitted" once a POST left, and every node
 * running new jobs.
 */
final class FaultChecks {
    static final String GENERATE = "/v1/generate/img2img";
    private static final Set<String> ENDED = Set.of("success", "failure", "canceled");

    private FaultChecks() {}

    /** The bound on a job's end after a fault: 2 × lease + 30 s. */
    static Duration endBound(int leaseSeconds) {
        return Duration.ofSeconds(2L * leaseSeconds + 30);
    }

    /**
     * Follows the job until it ended, through any node's GET; the ledger may still be unavailable for a moment
     * after the fault (503), but the job is never unknown (404). Fails past {@code deadlineNanos}.
     */
    static JsonNode awaitEnded(Function<Integer, String> nodeUrl, int nodes, String jobId, long deadlineNanos)
            throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; System.nanoTime() - deadlineNanos < 0; i++) {
            last = HttpCalls.get(nodeUrl.apply(i % nodes) + "/v1/jobs/" + jobId, "Prefer", "wait=3");
            assertThat(last.statusCode())
                    .as("job " + jobId + " is never unknown: " + last.body())
                    .isNotEqualTo(404);
            if (last.statusCode() == 200
                    && ENDED.contains(json(last).path("status").asText())) {
                return json(last);
            }
            if (last.statusCode() == 503) {
                TimeUnit.MILLISECONDS.sleep(250); // the ledger comes back: ask again shortly
            }
        }
        throw new AssertionError(
                "job " + jobId + " did not end within 2 × lease + 30 s of the fault's end; last answer: "
                        + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    /** The job ended well, or is outcome-unknown (its POST may have started a job): never another failure. */
    static void assertEndedOrOutcomeUnknown(JsonNode job) {
        String status = job.path("status").asText();
        if (!status.equals("success")) {
            assertThat(job.at("/error/code").asText()).as(job.toString()).isEqualTo("outcome-unknown");
        }
    }

    /** No answer says "nothing was submitted" or is an unexplained server error. */
    static void assertNoCallerToldNothingWasSubmitted(List<HttpResponse<String>> answers) {
        for (HttpResponse<String> r : answers) {
            assertThat(r.body()).as("status " + r.statusCode()).doesNotContainIgnoringCase("nothing was submitted");
            assertThat(r.statusCode()).as(r.body()).isNotEqualTo(500);
        }
    }

    /** At most one generation POST per request seed (each job of a test has a seed of its own). */
    static void assertAtMostOnePostPerSeed(FakeScenario scenario) {
        Map<String, Long> postsPerSeed = scenario.timeline.stream()
                .filter(line -> line.startsWith("post seed="))
                .collect(Collectors.groupingBy(line -> line.split(" ")[1], Collectors.counting()));
        assertThat(postsPerSeed)
                .as("generation POSTs per job")
                .allSatisfy((seed, n) -> assertThat(n).as(seed).isEqualTo(1L));
    }

    /** The node runs a new job to its end now (one POST, success). */
    static void assertRunsNewJobs(String nodeBase, int seed) throws Exception {
        HttpResponse<String> r = HttpCalls.post(
                nodeBase + GENERATE,
                HttpCalls.body("modelId", "model_sdxl", "numSamples", 1, "seed", String.valueOf(seed)),
                "Prefer",
                "wait=60");
        assertThat(r.statusCode())
                .as("a new job on " + nodeBase + ": " + r.body())
                .isEqualTo(200);
        assertThat(json(r).path("status").asText()).as(r.body()).isEqualTo("success");
    }
}
