package io.img2img.adapter.scenario;

import static io.img2img.adapter.scenario.ScenarioFake.job;
import static io.img2img.adapter.scenario.ScenarioFake.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.ServicePolicy;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ProducedImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Scenario adapter through the real application services, against MockWebServer. */
class ScenarioBackendTest {
    private static final String POST = "POST /v1/generate/img2img?dryRun=false";
    private static final String POLL = "GET /v1/jobs/job_abc";

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

    private static MockResponse retryLater(int code, String seconds) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Retry-After", seconds)
                .addHeader("Content-Type", "application/json")
                .body("{\"message\":\"slow down\"}")
                .build();
    }

    private static final String OUR_JOB_ID = "job_[A-Za-z0-9_-]{22}";

    @Test
    void happyPathSubmitsOncePollsFetchesAndSaves() throws Exception {
        scenario.script(
                POLL,
                job("queued", 0, ""),
                job("warming-up", 0.05, ""),
                job("in-progress", 0.4, ""),
                job("finalizing", 0.95, ""));
        Img2ImgResult r =
                harness.generate("numSamples", 2, "width", 768, "height", 512, "seed", "7", "negativePrompt", "blurry");
        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(r.backend()).isEqualTo("scenario");
        assertThat(r.jobId()).as("our id; Scenario's is recorded beside it").matches(OUR_JOB_ID);
        assertThat(harness.ledger.find(r.jobId()).orElseThrow().backendJobId()).isEqualTo("job_abc");
        assertThat(r.creativeUnitsCost()).isEqualTo(20);
        assertThat(r.seed()).isEqualTo("7");
        assertThat(r.images()).extracting(ProducedImage::assetId).containsExactly("asset_one", "asset_two");
        assertThat(r.images()).allSatisfy(i -> {
            assertThat(i.remoteUrl())
                    .startsWith(scenario.cdn.url("/signed/").toString())
                    .contains("X-Amz-Signature");
            assertThat(i.path()).isEqualTo("/outputs/" + i.assetId() + ".png");
        });
        assertThat(harness.saved.get("asset_one")).isEqualTo(ScenarioFake.PNG);
        assertThat(scenario.count("GET", "/v1/jobs/")).isEqualTo(5);
        assertThat(harness.pollSleeps).extracting(Duration::toMillis).containsExactly(500L, 750L, 1125L, 1687L, 2531L);

        RecordedRequest post = scenario.generationPosts().get(0);
        assertThat(scenario.generationPosts()).hasSize(1);
        assertThat(post.getHeaders().get("Authorization")).isEqualTo(Credentials.basic(Harness.KEY, Harness.SECRET));
        assertThat(post.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(post.getUrl().queryParameter("originalAssets")).isEqualTo("false");
        JsonNode body = ScenarioHttp.JSON.readTree(post.getBody().utf8());
        assertThat(body.get("modelId").asText()).isEqualTo("model_sdxl");
        assertThat(body.get("image").asText()).startsWith("data:image/png;base64,");
        assertThat(body.get("seed").isTextual()).isTrue();
        assertThat(body.get("seed").asText()).isEqualTo("7");
        assertThat(body.get("strength").asDouble()).as("explicit default").isEqualTo(0.75);
        assertThat(body.get("numInferenceSteps").asInt()).isEqualTo(30);
        assertThat(body.get("guidance").asDouble()).as("sd-xl default").isEqualTo(6);
        assertThat(body.get("width").asInt()).isEqualTo(768);
        assertThat(body.get("hideResults").asBoolean()).isFalse();
        assertThat(body.get("negativePrompt").asText()).isEqualTo("blurry");
        assertThat(body.has("negativePromptStrength"))
                .as("flux-dev only, not given")
                .isFalse();
        assertThat(body.has("dryRun")).as("a query flag, not a body field").isFalse();
        assertThat(scenario.cdnRequests)
                .hasSize(2)
                .allSatisfy(q -> assertThat(q.getHeaders().get("Authorization")).isNull());
    }

    @Test
    void familyOnlyFieldsReachOnlyTheirFamily() throws Exception {
        harness.generate("modelId", "model_flux", "negativePrompt", "fog", "negativePromptStrength", 2);
        JsonNode flux = ScenarioHttp.JSON.readTree(
                scenario.generationPosts().get(0).getBody().utf8());
        assertThat(flux.get("negativePromptStrength").asDouble()).isEqualTo(2);
        assertThat(flux.get("guidance").asDouble()).isEqualTo(3.5);
        harness.generate("modelId", "model_lora", "baseModelId", "flux.1-dev", "modelEpoch", "000003");
        JsonNode lora = ScenarioHttp.JSON.readTree(
                scenario.generationPosts().get(1).getBody().utf8());
        assertThat(lora.get("baseModelId").asText()).isEqualTo("flux.1-dev");
        assertThat(lora.get("modelEpoch").asText()).isEqualTo("000003");
    }

    @Test
    void aDryRunParses269AndFollowsNoJob() {
        Img2ImgResult r = harness.generate("dryRun", true, "numSamples", 4);
        assertThat(r.dryRun()).isTrue();
        assertThat(r.creativeUnitsCost()).isEqualTo(20);
        assertThat(scenario.dryRuns()).hasSize(1);
        assertThat(scenario.generationPosts()).isEmpty();
        assertThat(scenario.count("GET", "/v1/jobs/")).isZero();
    }

    @Test
    void a429Or503OnThePostIsRetriedAfterRetryAfterAndOnePostIsAccepted() {
        scenario.script(POST, retryLater(429, "2"), retryLater(503, "3"));
        Img2ImgResult r = harness.generate();
        assertThat(r.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(scenario.generationPosts()).hasSize(3);
        assertThat(harness.retrySleeps).hasSize(2);
        assertThat(harness.retrySleeps.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(harness.retrySleeps.get(1)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aPostStillRateLimitedAfterTheRetriesSaysSoAndStartedNothing() {
        scenario.answer(POST, retryLater(429, "1"));
        Img2ImgResult r = harness.generate();
        assertThat(r.error().code()).isEqualTo(ErrorCode.UPSTREAM_RATE_LIMITED);
        assertThat(r.error().retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.error().message()).contains("no job was started");
        assertThat(scenario.generationPosts()).hasSize(RetryPolicy.SUBMIT.maxAttempts());
    }

    @Test
    void pollFaultsAreRiddenOutWithOnePost() {
        scenario.script(
                POLL,
                retryLater(429, "4"),
                json(503, "{}"),
                json(503, "{}"),
                new MockResponse.Builder()
                        .onResponseStart(new SocketEffect.CloseSocket(true, false, false))
                        .build(),
                json(200, "{not json"),
                job("in-progress", 0.5, ""));
        Img2ImgResult r = harness.generate();
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(JobStatus.SUCCESS);
        assertThat(scenario.generationPosts()).hasSize(1);
        assertThat(harness.retrySleeps.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void aFailedJobCarriesScenariosReason() {
        scenario.answer(POLL, job("failure", 0.3, "\"output\":{\"error\":\"NSFW content detected\"}"));
        Img2ImgResult r = harness.generate();
        assertThat(r.status()).isEqualTo(JobStatus.FAILURE);
        assertThat(r.error().code()).isEqualTo(ErrorCode.JOB_FAILED);
        assertThat(r.error().message()).isEqualTo("NSFW content detected");
        assertThat(r.jobId()).matches(OUR_JOB_ID);
        assertThat(scenario.generationPosts()).hasSize(1);
        scenario.answer(POLL, job("failure", 0.3, ""));
        assertThat(harness.generate().error().message()).isEqualTo("job failed");
    }

    @Test
    void aCanceledJobIsReported() {
        scenario.answer(POLL, job("canceled", 0.1, ""));
        Img2ImgResult r = harness.generate();
        assertThat(r.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(r.error().code()).isEqualTo(ErrorCode.JOB_CANCELED);
        assertThat(scenario.generationPosts()).hasSize(1);
    }

    @Test
    void aJobThatNeverFinishesComesBackWithItsIdAndGetJobCompletesIt() {
        scenario.answer(POLL, job("in-progress", 0.2, ""));
        Img2ImgResult r = harness.generate(Duration.ofMillis(300));
        assertThat(r.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(r.jobId()).matches(OUR_JOB_ID);
        assertThat(r.error()).isNull();
        scenario.answer(POLL, job("success", 1, "\"assetIds\":[\"asset_one\"]"));
        Img2ImgResult later = harness.getJob.get(r.jobId(), Duration.ofSeconds(20), ProgressListener.NONE);
        assertThat(later.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(later.seed()).isEqualTo("42");
        assertThat(later.images()).hasSize(1);
        assertThat(scenario.generationPosts()).hasSize(1);
    }

    @Test
    void refusalsAreNotRetriedAndSayWhy() {
        Map<Integer, ErrorCode> cases =
                Map.of(401, ErrorCode.UPSTREAM_AUTH, 403, ErrorCode.UPSTREAM_AUTH, 400, ErrorCode.UPSTREAM_REJECTED);
        int posts = 0;
        for (var c : cases.entrySet()) {
            scenario.script(POST, json(c.getKey(), "{\"reason\":\"Prompt violates the content policy\"}"));
            Img2ImgResult r = harness.generate();
            posts++;
            assertThat(r.error().code()).as("HTTP %d", c.getKey()).isEqualTo(c.getValue());
            assertThat(scenario.generationPosts()).hasSize(posts);
            if (c.getKey() == 400) {
                assertThat(r.error().message()).contains("Prompt violates the content policy");
            } else {
                assertThat(r.error().message()).contains("credentials");
            }
        }
        assertThat(harness.retrySleeps).isEmpty();
    }

    @Test
    void aPostWhoseAnswerNeverComesIsNotResent() throws Exception {
        Harness impatient = new Harness(scenario, ServicePolicy.defaults(), Duration.ofMillis(400));
        scenario.script(
                POST,
                json(200, "{}").newBuilder().headersDelay(3, TimeUnit.SECONDS).build());
        Img2ImgResult r = impatient.generate();
        assertThat(r.status()).isEqualTo(JobStatus.FAILURE);
        assertThat(r.error().code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(r.error().message()).contains("may have been started and billed");
        assertThat(scenario.generationPosts()).hasSize(1);
    }

    @Test
    void aConnectionDroppedAfterThePostWasWrittenIsNotResent() {
        scenario.script(
                POST,
                new MockResponse.Builder()
                        .onResponseStart(new SocketEffect.CloseSocket(true, false, false))
                        .build());
        Img2ImgResult r = harness.generate();
        assertThat(r.status()).isEqualTo(JobStatus.FAILURE);
        assertThat(r.error().code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(r.error().message()).contains("may have been started").contains("never sent again");
        assertThat(scenario.generationPosts()).hasSize(1);
        assertThat(harness.retrySleeps).isEmpty();
    }

    @Test
    void aConnectionThatNeverOpensIsRetriedThenAnUpstreamFailure() throws Exception {
        ScenarioFake closed = new ScenarioFake();
        Harness unreachable = new Harness(closed);
        closed.api.close(); // nothing listens on the port any more
        Img2ImgResult r = unreachable.generate();
        assertThat(r.error()).isNotNull();
        assertThat(r.error().code()).isIn(ErrorCode.UPSTREAM_FAILURE);
        assertThat(unreachable.retrySleeps)
                .as("a connection never opened sent nothing: it is retried")
                .isNotEmpty();
        closed.close();
    }

    @Test
    void modelChecksRefuseBeforeAnyPost() {
        assertThat(refused("modelId", "model_unknown")).contains("was not found");
        assertThat(refused("modelId", "model_txt")).contains("does not support img2img");
        assertThat(refused("modelId", "model_custom")).contains("custom model");
        assertThat(refused("modelId", "model_training")).contains("not trained");
        assertThat(refused("modelId", "model_lora", "baseModelId", "sd-xl-base"))
                .contains("compliantModelIds");
        assertThat(refused("modelId", "model_sd15", "width", 1536)).contains("[64, 1024]");
        assertThat(scenario.generationPosts()).isEmpty();
        assertThat(scenario.dryRuns()).isEmpty();
        assertThat(scenario.count("GET", "/v1/models/model_unknown"))
                .as("cached")
                .isEqualTo(1);
    }

    @Test
    void modelIdsThatWouldChangeTheUpstreamPathAreViolationsAndNeverSentUpstream() {
        for (String id : List.of(".", "..", "../models", "a/b", "x?y=1", "model#frag", ".hidden")) {
            Img2ImgResult r = harness.generate("modelId", id);
            assertThat(r.error()).as(id).isNotNull();
            assertThat(r.error().violations())
                    .as(id)
                    .anySatisfy(v -> assertThat(v.field()).isEqualTo("modelId"));
            assertThat(r.error().violations())
                    .as(id)
                    .filteredOn(v -> v.field().equals("modelId"))
                    .allSatisfy(v -> assertThat(v.message()).contains("must be a model id"));
        }
        Img2ImgResult concept = harness.generate("concepts", List.of(Map.of("modelId", "..", "scale", 1)));
        assertThat(concept.error().violations()).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo("concepts[0].modelId");
            assertThat(v.message()).contains("must be a model id");
        });
        assertThat(scenario.apiRequests)
                .as("no upstream request at all: not the model list, not /v1/")
                .noneMatch(q -> !q.getUrl().encodedPath().startsWith("/v1/models/model_sdxl"));
        assertThat(scenario.generationPosts()).isEmpty();
    }

    private String refused(Object... pairs) {
        Img2ImgResult r = harness.generate(pairs);
        assertThat(r.error()).isNotNull();
        assertThat(r.error().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        return r.error().message();
    }

    @Test
    void theMoneyGuardPricesFirstAndRefusesAboveTheLimit() throws Exception {
        Harness guarded =
                new Harness(scenario, ServicePolicy.defaults().withMaxCreativeUnits(19.0), Duration.ofSeconds(5));
        Img2ImgResult r = guarded.generate();
        assertThat(r.error().code()).isEqualTo(ErrorCode.COST_OVER_LIMIT);
        assertThat(r.error().message()).contains("20").contains("19");
        assertThat(scenario.dryRuns()).hasSize(1);
        assertThat(scenario.generationPosts()).isEmpty();
        Harness exact =
                new Harness(scenario, ServicePolicy.defaults().withMaxCreativeUnits(20.0), Duration.ofSeconds(5));
        assertThat(exact.generate().status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(scenario.generationPosts()).hasSize(1);
    }

    @Test
    void anInlineImageOverSixMebibytesThatCannotBeDecodedIsRefusedSayingWhyAndNothingIsSent() {
        // a larger reference is scaled down to fit (RestScenarioReferenceTest); one that cannot be read cannot be
        byte[] big = new byte[6 * 1024 * 1024 + 1];
        System.arraycopy(ScenarioFake.PNG, 0, big, 0, ScenarioFake.PNG.length);
        Img2ImgResult r = harness.generate(
                "image",
                "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(big));
        assertThat(r.error().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(r.error().violations())
                .singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("image"));
        assertThat(scenario.generationPosts()).isEmpty();
    }

    @Test
    void unknownJobsAndAssetsAreErrorsNotCrashes() {
        Img2ImgResult r = harness.getJob.get("job_missing", Duration.ofSeconds(5), ProgressListener.NONE);
        assertThat(r.error().code()).isEqualTo(ErrorCode.UNKNOWN_JOB);
        scenario.answer(POLL, job("success", 1, "\"assetIds\":[\"asset_gone\"]"));
        Img2ImgResult missingAsset = harness.generate();
        assertThat(missingAsset.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(missingAsset.error().message()).contains("asset_gone").contains(missingAsset.jobId());
        assertThat(missingAsset.jobId()).matches(OUR_JOB_ID);
    }
}
