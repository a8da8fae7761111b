package io.img2img.adapter.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.testkit.InstantClock;
import java.net.URI;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario's cancel action (shared/scenario-api/job-cancel.md): {@code POST /jobs/{jobId}/action} with
 * {@code {"action":"cancel"}} and the Basic credentials, sent once whatever the answer; a 2xx is "cancel requested",
 * anything else (or no answer) "not confirmed".
 */
class CancelActionTest {
    private final MockWebServer api = new MockWebServer();
    private ScenarioBackend backend;

    @BeforeEach
    void start() throws Exception {
        api.start();
        ScenarioSettings settings = new ScenarioSettings(
                URI.create(api.url("/v1").toString()),
                Harness.KEY,
                Harness.SECRET,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(6));
        backend = new ScenarioBackend(
                new ScenarioHttp(settings, new OkHttpClient(), new InstantClock()), settings.identity());
    }

    @AfterEach
    void stop() {
        backend.close();
        api.close();
    }

    private static MockResponse answer(int code) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body("{}")
                .build();
    }

    @Test
    void aTwoHundredIsACancelRequestedSentToTheJobsActionWithItsCredentials() throws Exception {
        api.enqueue(answer(200));
        assertThat(backend.cancelsRemotely()).isTrue();
        assertThat(backend.requestCancel("job_abc")).isTrue();
        RecordedRequest sent = api.takeRequest();
        assertThat(sent.getMethod()).isEqualTo("POST");
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/jobs/job_abc/action");
        assertThat(sent.getBody().utf8()).isEqualTo("{\"action\":\"cancel\"}");
        assertThat(sent.getHeaders().get("Authorization")).startsWith("Basic ");
        assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
    }

    @Test
    void anyOtherAnswerOrNoneIsNotConfirmedAndNothingIsSentAgain() {
        for (MockResponse refusal : java.util.List.of(
                answer(500),
                answer(503),
                answer(429),
                answer(400),
                answer(404),
                new MockResponse.Builder()
                        .onResponseStart(new SocketEffect.CloseSocket(true, false, false))
                        .build())) {
            int before = api.getRequestCount();
            api.enqueue(refusal);
            api.enqueue(answer(200)); // what a second, forbidden try would get
            assertThat(backend.requestCancel("job_abc")).as(refusal.toString()).isFalse();
            assertThat(api.getRequestCount() - before).as("sent once").isEqualTo(1);
            assertThat(backend.requestCancel("job_abc")).as("the queued 200").isTrue();
        }
    }

    @Test
    void anIdThatIsNotAJobIdIsNeverSent() {
        assertThat(backend.requestCancel("../assets/x")).isFalse();
        assertThat(backend.requestCancel(null)).isFalse();
        assertThat(api.getRequestCount()).isZero();
    }
}
