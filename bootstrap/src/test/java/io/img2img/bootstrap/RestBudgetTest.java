package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily spend budget over real HTTP on the Scenario backend, Scenario played by MockWebServer (issue #23):
 * past {@code IMG2IMG_DAILY_CREATIVE_UNITS} a generation is {@code 429 budget-exhausted} with {@code Retry-After}
 * until 00:00 UTC and no generation POST reaches Scenario; {@code GET /v1/usage} reports what was priced and spent.
 */
class RestBudgetTest {
    /** Scenario's stand-in prices every generation at 12 Creative Units and bills 12. */
    private static final int PRICE = 12;

    @TempDir
    Path outputs;

    private FakeScenario scenario;
    private InProcessServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        scenario = new FakeScenario();
        scenario.distinctJobs();
        server = InProcessServer.scenario(
                outputs, scenario.baseUrl(), TempLedger.url(), Map.of("IMG2IMG_DAILY_CREATIVE_UNITS", "30"));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        scenario.close();
    }

    @Test
    void pastTheDailyBudgetAGenerationIs429UntilMidnightAndNothingIsSentToScenario() throws Exception {
        for (int i = 0; i < 2; i++) { // 24 of 30 units
            HttpResponse<String> done = post(base + "/v1/generate/img2img", body("modelId", "model_sdxl"));
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            assertThat(json(done).path("status").asText()).isEqualTo("success");
        }
        assertThat(scenario.generationPostCount()).isEqualTo(2);

        HttpResponse<String> refused =
                post(base + "/v1/generate/img2img", body("modelId", "model_sdxl"), "Idempotency-Key", "budget-key-1");
        Instant now = Instant.now();
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        JsonNode problem = json(refused);
        assertThat(problem.path("code").asText()).isEqualTo("budget-exhausted");
        assertThat(problem.path("detail").asText())
                .contains("IMG2IMG_DAILY_CREATIVE_UNITS", "of 30", "(12 Creative Units)", "nothing was sent");
        long untilMidnight = Duration.between(
                        now,
                        LocalDate.ofInstant(now, ZoneOffset.UTC)
                                .plusDays(1)
                                .atStartOfDay()
                                .toInstant(ZoneOffset.UTC))
                .toSeconds();
        long retryAfter =
                Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(Math.max(1, untilMidnight - 5), untilMidnight + 5);
        assertThat(scenario.generationPostCount())
                .as("no paid POST past the budget")
                .isEqualTo(2);

        HttpResponse<String> again =
                post(base + "/v1/generate/img2img", body("modelId", "model_sdxl"), "Idempotency-Key", "budget-key-1");
        assertThat(again.statusCode()).as("the refused key named no job").isEqualTo(429);
        HttpResponse<String> priced = post(base + "/v1/generate/img2img?dryRun=true", body("modelId", "model_sdxl"));
        assertThat(priced.statusCode()).as("a dry run still works").isEqualTo(200);
        assertThat(json(priced).path("creativeUnitsCost").asInt()).isEqualTo(PRICE);
        assertThat(scenario.generationPostCount()).isEqualTo(2);

        JsonNode usage = json(get(base + "/v1/usage"));
        assertThat(usage.path("days")).hasSize(7);
        JsonNode today = usage.path("days").get(6);
        assertThat(today.path("date").asText())
                .isEqualTo(LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC).toString());
        assertThat(today.path("pricedUnits").asDouble()).isEqualTo(2.0 * PRICE);
        assertThat(today.path("usedUnits").asDouble()).isEqualTo(2.0 * PRICE);
        assertThat(today.path("returnedUnits").asDouble()).isZero();
        assertThat(today.path("spentUnits").asDouble()).as("billed by Scenario").isEqualTo(2.0 * PRICE);
        assertThat(today.path("jobs").path("success").asInt()).isEqualTo(2);
        assertThat(today.path("jobs").path("queued").asInt()).isZero();
        assertThat(usage.path("days").get(0).path("pricedUnits").asDouble()).isZero();
        JsonNode budget = usage.path("today");
        assertThat(budget.path("dailyBudget").asDouble()).isEqualTo(30.0);
        assertThat(budget.path("usedUnits").asDouble()).isEqualTo(24.0);
        assertThat(budget.path("remainingUnits").asDouble()).isEqualTo(6.0);
        assertThat(budget.path("spentUnits").asDouble()).isEqualTo(24.0);
        assertThat(Instant.parse(budget.path("renewsAt").asText()))
                .isEqualTo(LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC)
                        .plusDays(1)
                        .atStartOfDay()
                        .toInstant(ZoneOffset.UTC));
        assertThat(json(get(base + "/v1/usage?days=90")).path("days")).hasSize(90);
    }

    @Test
    void theUsageQueryIsReadStrictly() throws Exception {
        for (String query : List.of(
                "?days=0",
                "?days=91",
                "?days=abc",
                "?days=",
                "?days",
                "?days=3&days=4",
                "?Days=3",
                "?limit=3",
                "?days=-1",
                "?days=2.5")) {
            HttpResponse<String> answer = get(base + "/v1/usage" + query);
            assertThat(answer.statusCode()).as(query).isEqualTo(400);
            JsonNode problem = json(answer);
            assertThat(problem.path("code").asText()).isEqualTo("invalid-query");
            assertThat(problem.path("errors").get(0).path("field").asText())
                    .as(query)
                    .isIn("days", "Days", "limit");
            assertThat(problem.path("detail").asText()).as(query).contains("days");
        }
        JsonNode three = json(get(base + "/v1/usage?days=3"));
        assertThat(three.path("days")).hasSize(3);
        assertThat(three.path("today").path("dailyBudget").asDouble()).isEqualTo(30.0);
    }
}
