package io.img2img.adapter.scenario;

import static io.img2img.adapter.scenario.ScenarioFake.job;
import static io.img2img.adapter.scenario.ScenarioFake.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.img2img.application.ServicePolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okhttp3.Credentials;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every log line and error text of a run through the faults holds neither the key, nor the secret, nor the Basic value. */
class SecretHygieneTest {

    @Test
    void noSecretInLogsErrorsOrResults() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        List<String> texts = new ArrayList<>();
        try (ScenarioFake scenario = new ScenarioFake()) {
            Harness harness = new Harness(scenario, ServicePolicy.defaults(), Duration.ofMillis(500));
            String post = "POST /v1/generate/img2img?dryRun=false";
            scenario.script(
                    post,
                    json(429, "{}").newBuilder().addHeader("Retry-After", "1").build(),
                    json(401, "{\"message\":\"bad key\"}"));
            texts.add(String.valueOf(harness.generate()));
            scenario.script(post, json(403, "{}"), json(400, "{\"reason\":\"nope\"}"), json(500, "oops"));
            for (int i = 0; i < 3; i++) {
                texts.add(String.valueOf(harness.generate()));
            }
            scenario.script(
                    post,
                    json(200, "{}")
                            .newBuilder()
                            .headersDelay(2, TimeUnit.SECONDS)
                            .build());
            texts.add(String.valueOf(harness.generate()));
            scenario.script(
                    post,
                    new MockResponse.Builder()
                            .onResponseStart(new SocketEffect.CloseSocket(true, false, false))
                            .build());
            texts.add(String.valueOf(harness.generate()));
            scenario.script("GET /v1/jobs/job_abc", json(503, "{}"), json(200, "garbage"), job("failure", 0, ""));
            texts.add(String.valueOf(harness.generate()));
            texts.add(String.valueOf(harness.generate("modelId", "model_unknown")));
            texts.add(new ScenarioSettings(
                            URI.create(scenario.baseUrl()),
                            Harness.KEY,
                            Harness.SECRET,
                            Duration.ZERO,
                            Duration.ZERO,
                            Duration.ZERO)
                    .toString());
        } finally {
            root.detachAppender(logs);
        }
        for (ILoggingEvent e : logs.list) {
            texts.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                texts.add(e.getThrowableProxy().getMessage());
            }
        }
        String basic = Credentials.basic(Harness.KEY, Harness.SECRET).substring("Basic ".length());
        assertThat(texts).hasSizeGreaterThan(8);
        assertThat(String.join("\n", texts)).doesNotContain(Harness.KEY, Harness.SECRET, basic);
        assertThat(texts.stream().filter(t -> t.contains("ResultError")).count())
                .isGreaterThanOrEqualTo(7);
    }
}
