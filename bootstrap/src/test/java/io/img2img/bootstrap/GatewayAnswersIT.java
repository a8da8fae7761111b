package io.img2img.bootstrap;

import static io.img2img.bootstrap.FaultChecks.GENERATE;
import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21 F2 on the fat jar: Scenario "creates" the job (the stand-in counts the POST as a job made) but what
 * comes back is a gateway's 500, 502 or 504. Each job is outcome-unknown with its id and says it may have started,
 * its key answers the same job without a second POST, a keyless caller is not told "nothing was submitted", and the
 * node runs new jobs afterwards.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GatewayAnswersIT {
    private static final int LEASE_SECONDS = 4;

    @TempDir
    Path dir;

    private FakeScenario scenario;
    private ServeProcess serve;

    @BeforeEach
    void start() throws Exception {
        scenario = new FakeScenario();
        serve = ServeProcess.start(ServeProcess.env(
                dir, NodesIT.scenarioEnv(scenario, "IMG2IMG_LEASE_SECONDS", String.valueOf(LEASE_SECONDS))));
    }

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.close();
        }
        scenario.close();
    }

    private static MockResponse gateway(int code, boolean html) {
        return html
                ? new MockResponse.Builder()
                        .code(code)
                        .addHeader("Content-Type", "text/html")
                        .body("<html><body><h1>" + code + "</h1>nginx</body></html>")
                        .build()
                : FakeScenario.json(code, "{\"message\":\"Endpoint request timed out\"}");
    }

    @Test
    void aGateways5xxAfterScenarioCreatedTheJobIsOutcomeUnknownNeverSentAgain() throws Exception {
        int seed = 700;
        for (MockResponse answer :
                List.of(gateway(500, false), gateway(502, true), gateway(504, false), gateway(504, true))) {
            scenario.postAnswer = answer;
            String key = "gateway-" + (++seed);
            long posts = scenario.generationPostCount();
            HttpResponse<String> r = HttpCalls.post(
                    serve.url(GENERATE),
                    body("modelId", "model_sdxl", "numSamples", 1, "seed", String.valueOf(seed)),
                    "Idempotency-Key",
                    key,
                    "Prefer",
                    "wait=30");
            String what = "HTTP " + answer.getCode() + ": " + r.body();
            assertThat(scenario.generationPostCount() - posts)
                    .as("one POST: " + what)
                    .isEqualTo(1);
            assertThat(r.statusCode()).as(what).isEqualTo(200);
            JsonNode job = json(r);
            assertThat(job.path("status").asText()).as(what).isEqualTo("failure");
            assertThat(job.at("/error/code").asText()).as(what).isEqualTo("outcome-unknown");
            assertThat(job.at("/error/message").asText()).as(what).contains("may have");
            String jobId = job.path("jobId").asText();

            HttpResponse<String> read = HttpCalls.get(serve.url("/v1/jobs/" + jobId));
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(json(read).at("/error/code").asText()).isEqualTo("outcome-unknown");

            HttpResponse<String> again = HttpCalls.post(
                    serve.url(GENERATE),
                    body("modelId", "model_sdxl", "numSamples", 1, "seed", String.valueOf(seed)),
                    "Idempotency-Key",
                    key);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
            assertThat(json(again).get("code").asText()).isEqualTo("outcome-unknown");
            assertThat(scenario.generationPostCount() - posts)
                    .as("the key's retry sends nothing: " + what)
                    .isEqualTo(1);
        }
        scenario.postAnswer = gateway(502, true);
        HttpResponse<String> keyless = HttpCalls.post(
                serve.url(GENERATE),
                body("modelId", "model_sdxl", "numSamples", 1, "seed", "799"),
                "Prefer",
                "wait=30");
        FaultChecks.assertNoCallerToldNothingWasSubmitted(List.of(keyless));
        assertThat(json(keyless).at("/error/code").asText()).as(keyless.body()).isEqualTo("outcome-unknown");

        scenario.postAnswer = null;
        FaultChecks.assertRunsNewJobs(serve.base, 800);
    }
}
