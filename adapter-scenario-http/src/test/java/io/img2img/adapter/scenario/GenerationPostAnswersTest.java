package io.img2img.adapter.scenario;

import static io.img2img.adapter.scenario.ScenarioFake.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import java.time.Duration;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC §8 on the billed POST, one answer shape at a time: only Scenario's own refusals prove nothing started;
 * every other answer (a gateway's 5xx after Scenario created the job, a 408, a page that is not Scenario's JSON,
 * a body cut short) is "may have started": one POST, never repeated, the job outcome-unknown, the message saying
 * so and how to check.
 */
class GenerationPostAnswersTest {
    private static final String POST = "POST /v1/generate/img2img?dryRun=false";

    private ScenarioFake scenario;
    private Harness harness;

    @BeforeEach
    void start() throws Exception {
        scenario = new ScenarioFake();
        harness = new Harness(scenario);
    }

    @AfterEach
    void stop() {
        scenario.close();
    }

    private static MockResponse html(int code) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "text/html")
                .body("<html><body><h1>" + code + " Gateway</h1></body></html>")
                .build();
    }

    static Stream<MockResponse> answersThatMayHaveStartedAJob() {
        return Stream.of(
                json(500, "{\"apiError\":\"InternalServerError\",\"error\":\"Something went wrong\"}"),
                json(502, "{\"message\":\"Bad Gateway\"}"),
                json(504, "{\"message\":\"Endpoint request timed out\"}"),
                json(408, "{\"message\":\"Request Timeout\"}"),
                html(500),
                html(502),
                html(504),
                html(408),
                html(503), // no Scenario JSON and no Retry-After: a proxy's page, not Scenario's refusal
                html(400), // a 4xx that is not Scenario's error JSON
                new MockResponse.Builder()
                        .code(400)
                        .body("{\"reason\":\"json sent as text/plain\"}")
                        .build(),
                new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "text/html")
                        .body("<html>ok</html>")
                        .build(),
                json(201, "{\"job\":{}}"), // a success that names no job
                new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "application/json")
                        .body("{\"creativeUnitsCost\":20,\"job\":{\"jobId\":\"job_abc\",\"status\":\"queued\"}}")
                        .onResponseBody(new SocketEffect.CloseSocket(true, false, false))
                        .build());
    }

    @ParameterizedTest
    @MethodSource("answersThatMayHaveStartedAJob")
    void anAnswerThatDoesNotProveNothingStartedIsOutcomeUnknownAndNeverSentAgain(MockResponse answer) {
        scenario.script(POST, answer);
        Img2ImgResult r = harness.generate();
        assertThat(scenario.generationPosts()).as("exactly one POST").hasSize(1);
        assertThat(harness.retrySleeps).isEmpty();
        assertThat(r.status()).isEqualTo(JobStatus.FAILURE);
        assertThat(r.error().code()).as(r.error().message()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(r.jobId()).isNotNull();
        assertThat(r.error().message()).contains("may have").contains("check your Scenario jobs");
        assertThat(harness.getJob
                        .get(r.jobId(), Duration.ZERO, io.img2img.application.port.in.ProgressListener.NONE)
                        .error()
                        .code())
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
    }

    @Test
    void scenariosOwnRefusalsProveNothingStartedAndAreNotRetried() {
        scenario.script(POST, json(422, "{\"reason\":\"image too small\"}"));
        Img2ImgResult r = harness.generate();
        assertThat(r.error().code()).isEqualTo(ErrorCode.UPSTREAM_REJECTED);
        assertThat(r.error().message()).contains("image too small").doesNotContain("may have");
        assertThat(scenario.generationPosts()).hasSize(1);
        assertThat(harness.retrySleeps).isEmpty();
    }

    @Test
    void aScenario503WithItsJsonOrRetryAfterIsARefusalRetriedThenAccepted() {
        scenario.script(
                POST,
                json(503, "{\"message\":\"Service Unavailable\"}"),
                new MockResponse.Builder()
                        .code(503)
                        .addHeader("Retry-After", "2")
                        .body("busy")
                        .build());
        Img2ImgResult r = harness.generate();
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(JobStatus.SUCCESS);
        assertThat(scenario.generationPosts()).hasSize(3);
        assertThat(harness.retrySleeps).hasSize(2);
        assertThat(harness.retrySleeps.get(1)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aDryRunAnswered502StartedNothingAndSaysItFailed() {
        scenario.script("POST /v1/generate/img2img?dryRun=true", html(502));
        Img2ImgResult r = harness.generate("dryRun", true);
        assertThat(r.error().code()).isEqualTo(ErrorCode.UPSTREAM_FAILURE);
        assertThat(scenario.generationPosts()).isEmpty();
    }
}
