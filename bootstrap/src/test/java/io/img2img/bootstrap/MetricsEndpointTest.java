package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} and {@code GET /health/ready} of {@code serve}, over real HTTP (issue #23). */
class MetricsEndpointTest {
    private static final String TOKEN = "metrics-token-0123456789abcdef";

    @TempDir
    Path outputs;

    @Test
    void aJobMovesTheJobCountersTheLedgerTimersAndTheRequestTimerOfItsRouteTemplate() throws Exception {
        try (InProcessServer server = InProcessServer.local(outputs)) {
            HttpResponse<String> made =
                    post(server.base + "/v1/generate/img2img", body("numSamples", 1, "width", 64, "height", 64));
            assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
            String jobId = json(made).get("jobId").asText();
            assertThat(get(server.base + "/v1/jobs/" + jobId).statusCode()).isEqualTo(200);

            HttpResponse<String> metrics = get(server.base + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            String text = metrics.body();
            assertThat(text)
                    .contains("img2img_jobs_accepted_total{backend=\"local\"} 1.0")
                    .contains("img2img_jobs_ended_total{backend=\"local\",error_code=\"none\",state=\"success\"} 1.0")
                    .contains("img2img_jobs_ended_total{backend=\"local\",error_code=\"outcome-unknown\","
                            + "state=\"outcome_unknown\"} 0.0")
                    .contains("img2img_paid_posts_total{backend=\"local\"} 0.0")
                    .contains("img2img_ledger_calls_seconds_count{operation=\"accept\"} 1")
                    .contains("img2img_slots_in_use ")
                    .contains("img2img_slots_max ")
                    .contains("img2img_event_streams_open 0.0")
                    .contains("img2img_budget_used_ratio NaN") // no IMG2IMG_DAILY_CREATIVE_UNITS
                    .contains("http_server_requests_seconds_count{method=\"POST\",route=\"/v1/generate/img2img\","
                            + "status=\"200\"} 1")
                    .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/v1/jobs/{jobId}\","
                            + "status=\"200\"} 1")
                    .contains("jvm_memory_used_bytes")
                    .contains("process_cpu_usage");
            assertThat(text).as("never a job id as a label").doesNotContain(jobId);
        }
    }

    @Test
    void metricsNeedTheTokenReadinessAndLivenessDoNot() throws Exception {
        try (InProcessServer server = InProcessServer.localWithEnv(outputs, Map.of("IMG2IMG_API_TOKEN", TOKEN))) {
            assertThat(get(server.base + "/metrics").statusCode()).isEqualTo(401);
            assertThat(get(server.base + "/metrics", "Authorization", "Bearer " + TOKEN)
                            .statusCode())
                    .isEqualTo(200);
            // the first check opens the ledger (serve opens it before it listens); not ready until it answers
            HttpResponse<String> ready = io.img2img.application.testkit.Await.until(
                    () -> get(server.base + "/health/ready"),
                    r -> r.statusCode() == 200,
                    java.time.Duration.ofSeconds(60));
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(json(ready).get("status").asText()).isEqualTo("ready");
            assertThat(ready.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(get(server.base + "/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theBudgetGaugeIsTheLedgerWideShareOfTodaysBudgetUsed() throws Exception {
        try (InProcessServer server =
                InProcessServer.localWithEnv(outputs, Map.of("IMG2IMG_DAILY_CREATIVE_UNITS", "40"))) {
            // a local job costs nothing: none of the budget is used
            assertThat(get(server.base + "/metrics").body()).contains("img2img_budget_used_ratio 0.0");
        }
        assertThat(MetricsModule.budgetUsed(usedToday(30.0, 40.0))).isEqualTo(0.75);
        assertThat(MetricsModule.budgetUsed(usedToday(3.0, null))).isNaN();
        assertThat(MetricsModule.budgetUsed(new io.img2img.application.port.in.ReportUsage() {
                    @Override
                    public Report report(int days) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public Today today() {
                        throw new io.img2img.application.port.out.LedgerUnavailableException(
                                "the test ledger", "down", null);
                    }
                }))
                .as("a ledger that cannot answer is no number, not a false 0")
                .isNaN();
    }

    private static io.img2img.application.port.in.ReportUsage usedToday(double used, Double budget) {
        return new io.img2img.application.port.in.ReportUsage() {
            @Override
            public Report report(int days) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Today today() {
                return new Today(budget, used, budget == null ? null : budget - used, used, java.time.Instant.EPOCH);
            }
        };
    }
}
