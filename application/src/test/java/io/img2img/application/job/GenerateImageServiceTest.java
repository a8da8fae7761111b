package io.img2img.application.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.application.testkit.InstantClock;
import io.img2img.application.testkit.MemoryAssetStore;
import io.img2img.application.testkit.MemoryJobLedger;
import io.img2img.application.testkit.PngHeaderCodec;
import io.img2img.application.usecase.GenerateImageService;
import io.img2img.application.usecase.GetJobService;
import io.img2img.application.usecase.JobListService;
import io.img2img.domain.model.Model;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GenerateImageServiceTest {
    private static final Duration BUDGET = Duration.ofSeconds(10);

    private final ScriptedBackend backend = new ScriptedBackend();
    private final InstantClock clock = new InstantClock();
    private final MemoryAssetStore store = new MemoryAssetStore();
    private final Map<String, Model> models = new LinkedHashMap<>(Map.of(
            "model_sdxl", new Model("model_sdxl", "sd-xl", "trained", List.of("img2img"), false, List.of()),
            "model_lora",
                    new Model("model_lora", "flux.1-lora", "trained", List.of("img2img"), false, List.of("flux.1-dev")),
            "model_txt", new Model("model_txt", "sd-xl", "trained", List.of("txt2img"), false, List.of()),
            "model_custom", new Model("model_custom", "custom", "trained", List.of("img2img"), true, List.of()),
            "model_training", new Model("model_training", "sd-xl", "training", List.of("img2img"), false, List.of()),
            "model_concept",
                    new Model("model_concept", "sd-xl-lora", "trained", List.of("img2img"), false, List.of())));
    private final ModelCatalog catalog = id -> Optional.ofNullable(models.get(id));

    private final MemoryJobLedger ledger = new MemoryJobLedger();
    private JobEngine jobs;

    private JobEngine jobs(ScriptedBackend on, ModelCatalog models, ServicePolicy policy, Clock clock) {
        jobs = JobEngine.create(
                ledger, on, models, new PngHeaderCodec(), store, clock, policy, LedgerPolicy.defaults());
        return jobs;
    }

    private GenerateImageService service(ServicePolicy policy, Clock clock) {
        return new GenerateImageService(
                backend, catalog, new PngHeaderCodec(), jobs(backend, catalog, policy, clock), policy, () -> 42);
    }

    private GenerateImageService service(ScriptedBackend on, ModelCatalog models, Clock clock) {
        return new GenerateImageService(
                on,
                models,
                new PngHeaderCodec(),
                jobs(on, models, ServicePolicy.defaults(), clock),
                ServicePolicy.defaults());
    }

    private static final String OUR_JOB_ID = "job_[A-Za-z0-9_-]{22}";

    private GenerateImageService service() {
        return service(ServicePolicy.defaults(), clock);
    }

    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelId", "model_sdxl");
        body.put("prompt", "a lighthouse");
        body.put("image", "data:image/png;base64," + Base64.getEncoder().encodeToString(PngHeaderCodec.png(640, 480)));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private static ParsedRequest request(Object... pairs) {
        return RequestParser.parse(body(pairs));
    }

    @Test
    void aJobThatFinishesAtOnceReturnsItsSavedImages() {
        backend.then(JobSnapshot.succeeded(List.of("asset_a", "asset_b")));
        Img2ImgResult r = service().generate(request(), BUDGET, ProgressListener.NONE);
        assertThat(r.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(r.error()).isNull();
        assertThat(r.jobId()).as("our id, minted before anything was sent").matches(OUR_JOB_ID);
        assertThat(ledger.find(r.jobId()).orElseThrow().backendJobId()).isEqualTo("job_1");
        assertThat(r.seed()).isEqualTo("42");
        assertThat(r.backend()).isEqualTo("fake");
        assertThat(r.images())
                .extracting(i -> i.assetId() + " " + i.remoteUrl() + " " + i.path())
                .containsExactly(
                        "asset_a https://cdn.example/asset_a /outputs/asset_a.png",
                        "asset_b https://cdn.example/asset_b /outputs/asset_b.png");
        assertThat(store.files).containsOnlyKeys("asset_a", "asset_b");
        assertThat(clock.sleptSeconds()).containsExactly(0.5);
        assertThat(backend.submitted).hasSize(1);
        assertThat(backend.submitted.get(0).guidance())
                .as("sd-xl default applied")
                .isEqualTo(6);
    }

    @Test
    void pollsFollowTheSpecifiedSchedule() {
        for (int i = 0; i < 8; i++) {
            backend.then(JobSnapshot.running(i / 10.0));
        }
        backend.then(JobSnapshot.succeeded(List.of("asset_a")));
        Img2ImgResult r = service().generate(request(), Duration.ofSeconds(60), ProgressListener.NONE);
        assertThat(r.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(clock.sleptSeconds()).containsExactly(0.5, 0.75, 1.125, 1.6875, 2.53125, 3.0, 3.0, 3.0, 3.0);
        assertThat(backend.polls.get()).isEqualTo(9);
    }

    @Test
    void aLongerRetryHintReplacesTheNextInterval() {
        backend.then(
                new JobSnapshot(JobStatus.IN_PROGRESS, 0.1, List.of(), null, Duration.ofSeconds(7)),
                JobSnapshot.running(0.2),
                JobSnapshot.succeeded(List.of()));
        service().generate(request(), Duration.ofSeconds(60), ProgressListener.NONE);
        assertThat(clock.sleptSeconds()).containsExactly(0.5, 7.0, 1.125);
    }

    @Test
    void aJobStillRunningWhenTheBudgetEndsIsReturnedInProgressAndGetJobCompletesIt() throws Exception {
        HeldClock held = new HeldClock(2);
        GenerateImageService service = service(ServicePolicy.defaults(), held);
        Img2ImgResult r = service.generate(request(), Duration.ofMillis(100), ProgressListener.NONE);
        assertThat(r.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(r.jobId()).matches(OUR_JOB_ID);
        assertThat(r.error()).isNull();
        assertThat(held.holding.await(5, TimeUnit.SECONDS))
                .as("the job is still followed in the background")
                .isTrue();

        backend.then(JobSnapshot.running(0.6), JobSnapshot.succeeded(List.of("asset_z")));
        held.release();
        GetJobService getJob = new GetJobService(jobs);
        Img2ImgResult later = getJob.get(r.jobId(), BUDGET, ProgressListener.NONE);
        assertThat(later.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(later.images()).extracting(i -> i.assetId()).containsExactly("asset_z");
        assertThat(backend.submitted).as("never resubmitted").hasSize(1);
    }

    @Test
    void getJobReadsTheLedgerKeepsSeedAndDoesNotDownloadTwice() {
        HeldClock held = new HeldClock(0);
        GenerateImageService service = service(ServicePolicy.defaults(), held);
        Img2ImgResult running = service.generate(request(), Duration.ZERO, ProgressListener.NONE);
        assertThat(running.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(backend.polls.get()).as("a zero budget returns at once").isZero();
        backend.then(JobSnapshot.succeeded(List.of("asset_a")));
        held.release();
        GetJobService getJob = new GetJobService(jobs);
        Img2ImgResult done = getJob.get(running.jobId(), BUDGET, ProgressListener.NONE);
        assertThat(done.seed()).isEqualTo("42");
        assertThat(done.images()).hasSize(1);
        assertThat(getJob.get(running.jobId(), BUDGET, ProgressListener.NONE)).isEqualTo(done);
        assertThat(backend.downloads).containsExactly("asset_a");
        assertThat(backend.polls.get()).as("a finished job is not polled again").isEqualTo(1);
    }

    @Test
    void aFailedJobIsAResultWithItsReason() {
        backend.then(
                JobSnapshot.running(0.3), new JobSnapshot(JobStatus.FAILURE, 0.3, List.of(), "NSFW content", null));
        Img2ImgResult r = service().generate(request(), BUDGET, ProgressListener.NONE);
        assertThat(r.status()).isEqualTo(JobStatus.FAILURE);
        assertThat(r.jobId()).matches(OUR_JOB_ID);
        assertThat(r.error().code()).isEqualTo(ErrorCode.JOB_FAILED);
        assertThat(r.error().message()).isEqualTo("NSFW content");
    }

    @Test
    void aCanceledJobIsAResult() {
        backend.then(new JobSnapshot(JobStatus.CANCELED, 0.1, List.of(), null, null));
        Img2ImgResult r = service().generate(request(), BUDGET, ProgressListener.NONE);
        assertThat(r.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(r.error().code()).isEqualTo(ErrorCode.JOB_CANCELED);
        assertThat(r.error().message()).isEqualTo("job canceled");
    }

    @Test
    void progressNeverDecreases() {
        backend.then(
                JobSnapshot.running(0.4),
                JobSnapshot.running(0.2),
                JobSnapshot.running(0.7),
                JobSnapshot.running(0.5),
                JobSnapshot.succeeded(List.of()));
        GenerateImageService service = service();
        // the ledger keeps whatever progress it is given; after each write (heard on the writing thread) note it
        List<Double> written = new CopyOnWriteArrayList<>();
        new JobListService(jobs).onChange(() -> ledger.list(1, null).jobs().forEach(j -> written.add(j.progress())));
        List<Double> seen = new ArrayList<>();
        service.generate(request(), Duration.ofSeconds(60), (p, m) -> seen.add(p));
        assertThat(seen).isSorted();
        assertThat(seen.get(0)).isEqualTo(0.0);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(1.0);
        assertThat(written)
                .as("the follower wrote the rises and never the lower values")
                .isSorted()
                .contains(0.4, 0.7)
                .doesNotContain(0.2, 0.5);
    }

    @Test
    void aFailingPollKeepsTheJobFollowedAndItsId() throws Exception {
        ScriptedBackend failing = new ScriptedBackend() {
            @Override
            public synchronized JobSnapshot poll(String jobId) throws BackendException {
                throw new BackendException(ErrorCode.UPSTREAM_FAILURE, "Scenario answered 502", null);
            }
        };
        HeldClock held = new HeldClock(3);
        GenerateImageService s = service(failing, catalog, held);
        Img2ImgResult r = s.generate(request(), Duration.ofMillis(100), ProgressListener.NONE);
        assertThat(r.jobId()).matches(OUR_JOB_ID);
        assertThat(r.status())
                .as("the job may still be running: it stays in progress, never dropped")
                .isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(held.holding.await(5, TimeUnit.SECONDS))
                .as("the runner keeps following through the faults")
                .isTrue();
    }

    @Test
    void aTransientPollFaultDoesNotEndTheWait() {
        ScriptedBackend flaky = new ScriptedBackend() {
            private int calls;

            @Override
            public synchronized JobSnapshot poll(String jobId) throws BackendException {
                if (calls++ == 0) {
                    throw new BackendException(ErrorCode.UPSTREAM_RATE_LIMITED, "slow down", Duration.ofSeconds(4));
                }
                return JobSnapshot.succeeded(List.of("asset_a"));
            }
        };
        GenerateImageService s = service(flaky, catalog, clock);
        Img2ImgResult r = s.generate(request(), BUDGET, ProgressListener.NONE);
        assertThat(r.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(r.error()).isNull();
        assertThat(clock.sleptSeconds())
                .as("the fault's retry hint replaced the next interval")
                .containsExactly(0.5, 4.0);
    }

    @Test
    void invalidRequestsSubmitNothingAndReportEveryViolation() {
        Img2ImgResult r = service()
                .generate(
                        request(
                                "width",
                                1001,
                                "numSamples",
                                0,
                                "guidance",
                                "high",
                                "negativePromptStrength",
                                1,
                                "modelEpoch",
                                "1"),
                        BUDGET,
                        ProgressListener.NONE);
        assertThat(r.error().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(r.error().violations())
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("width", "numSamples", "guidance", "negativePromptStrength", "modelEpoch");
        assertThat(backend.submitted).isEmpty();
        assertThat(backend.priced).isEmpty();
    }

    @Test
    void failedModelChecksSubmitNothing() {
        assertThat(refusal("modelId", "model_missing")).contains("modelId: model \"model_missing\" was not found");
        assertThat(refusal("modelId", "model_txt")).contains("does not support img2img");
        assertThat(refusal("modelId", "model_custom")).contains("custom model");
        assertThat(refusal("modelId", "model_training")).contains("not trained");
        assertThat(refusal("modelId", "model_lora", "baseModelId", "sd-xl")).contains("compliantModelIds");
        assertThat(refusal("concepts", List.of(Map.of("modelId", "model_gone", "scale", 1))))
                .contains("concepts[0].modelId");
        assertThat(refusal("modelId", "model_sdxl", "width", 256)).contains("[512, 2048]");
        assertThat(backend.submitted).isEmpty();
        assertThat(backend.priced).isEmpty();
        assertThat(service()
                        .generate(
                                request("concepts", List.of(Map.of("modelId", "model_concept", "scale", 1))),
                                BUDGET,
                                ProgressListener.NONE)
                        .error())
                .isNull();
    }

    @Test
    void moreThanEightConceptsAreRefusedBeforeAnyConceptIsLookedUp() {
        List<String> lookedUp = new ArrayList<>();
        ModelCatalog counting = id -> {
            lookedUp.add(id);
            return catalog.find(id);
        };
        GenerateImageService s = service(backend, counting, clock);
        List<Map<String, Object>> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(Map.of("modelId", "model_c" + i, "scale", 1));
        }
        Img2ImgResult r = s.generate(request("concepts", nine), BUDGET, ProgressListener.NONE);
        assertThat(r.error().violations()).extracting(Violation::field).containsExactly("concepts");
        assertThat(lookedUp).as("the model alone, no concept").containsExactly("model_sdxl");
        assertThat(backend.submitted).isEmpty();
        assertThat(backend.priced).isEmpty();
        lookedUp.clear();
        Img2ImgResult eight = s.generate(request("concepts", nine.subList(0, 8)), BUDGET, ProgressListener.NONE);
        assertThat(eight.error().violations()).hasSize(8);
        assertThat(lookedUp).hasSize(9);
    }

    private String refusal(Object... pairs) {
        Img2ImgResult r = service().generate(request(pairs), BUDGET, ProgressListener.NONE);
        assertThat(r.error()).isNotNull();
        assertThat(r.error().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        return r.error().message();
    }

    @Test
    void imageBoundsAreCheckedFromTheHeader() {
        String huge =
                "data:image/png;base64," + Base64.getEncoder().encodeToString(PngHeaderCodec.png(100_000, 100_000));
        Img2ImgResult r = service().generate(request("image", huge), BUDGET, ProgressListener.NONE);
        assertThat(r.error().violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("image");
            assertThat(v.message()).contains("100000x100000").contains("at most 40000000 pixels");
        });
        ServicePolicy small = new ServicePolicy(null, 8, 10, 40_000_000, Duration.ofSeconds(1));
        Img2ImgResult tooBig = service(small, clock).generate(request(), BUDGET, ProgressListener.NONE);
        assertThat(tooBig.error().violations())
                .singleElement()
                .extracting(Violation::message)
                .asString()
                .contains("at most 10 are accepted");
        assertThat(backend.submitted).isEmpty();
    }

    @Test
    void backendPreconditionsAreViolationsToo() {
        backend.preconditions = List.of(new Violation("image", "over Scenario's 6 MiB inline limit: resize it"));
        Img2ImgResult r = service().generate(request(), BUDGET, ProgressListener.NONE);
        assertThat(r.error().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(backend.submitted).isEmpty();
    }

    @Test
    void aDryRunPricesAndStartsNothing() {
        Img2ImgResult r = service().generate(request("dryRun", true, "numSamples", 2), BUDGET, ProgressListener.NONE);
        assertThat(r.dryRun()).isTrue();
        assertThat(r.creativeUnitsCost()).isEqualTo(8);
        assertThat(backend.submitted).isEmpty();
    }

    @Test
    void theMoneyGuardRefusesAboveTheLimitAndPassesAtIt() {
        GenerateImageService guarded = service(ServicePolicy.defaults().withMaxCreativeUnits(8.0), clock);
        backend.then(JobSnapshot.succeeded(List.of()));
        Img2ImgResult over = guarded.generate(request("numSamples", 3), BUDGET, ProgressListener.NONE);
        assertThat(over.error().code()).isEqualTo(ErrorCode.COST_OVER_LIMIT);
        assertThat(over.error().message()).contains("costs 12 Creative Units, above the limit of 8");
        assertThat(backend.submitted).isEmpty();
        Img2ImgResult at = guarded.generate(request("numSamples", 2), BUDGET, ProgressListener.NONE);
        assertThat(at.error()).isNull();
        assertThat(at.creativeUnitsCost()).isEqualTo(8);
        assertThat(backend.submitted).hasSize(1);
        assertThat(guarded.generate(request("numSamples", 100, "dryRun", true), BUDGET, ProgressListener.NONE)
                        .dryRun())
                .as("dry runs are always allowed")
                .isTrue();
    }

    @Test
    void pastTheBoundAJobIsQueuedAndRunsWhenTheSlotIsFree() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Clock blocking = new Clock() {
            @Override
            public java.time.Instant now() {
                return java.time.Instant.EPOCH;
            }

            @Override
            public long nanos() {
                return 0;
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                waiting.countDown();
                release.await(5, TimeUnit.SECONDS);
            }
        };
        backend.then(JobSnapshot.succeeded(List.of()));
        GenerateImageService bounded = service(ServicePolicy.defaults().withMaxConcurrentJobs(1), blocking);
        CompletableFuture<Img2ImgResult> first =
                CompletableFuture.supplyAsync(() -> bounded.generate(request(), BUDGET, ProgressListener.NONE));
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
        Img2ImgResult second = bounded.generate(request(), Duration.ofMillis(100), ProgressListener.NONE);
        assertThat(second.status()).as("refused no more: queued").isEqualTo(JobStatus.QUEUED);
        assertThat(backend.submitted).as("a queued job spends nothing").hasSize(1);
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCESS);
        Img2ImgResult later = new GetJobService(jobs).get(second.jobId(), BUDGET, ProgressListener.NONE);
        assertThat(later.status()).as("claimed when the slot was freed").isEqualTo(JobStatus.SUCCESS);
        assertThat(backend.submitted).hasSize(2);
    }

    @Test
    void upstreamErrorsBeforeSubmissionAreResults() {
        ModelCatalog down = id -> {
            throw new BackendException(
                    ErrorCode.UPSTREAM_RATE_LIMITED, "Scenario is rate limiting", Duration.ofSeconds(9));
        };
        GenerateImageService s = service(backend, down, clock);
        Img2ImgResult r = s.generate(request(), BUDGET, ProgressListener.NONE);
        assertThat(r.error().code()).isEqualTo(ErrorCode.UPSTREAM_RATE_LIMITED);
        assertThat(r.error().retryAfter()).isEqualTo(Duration.ofSeconds(9));
        assertThat(backend.submitted).isEmpty();
    }

    @Test
    void getJobRefusesBadIdsAndReportsUnknownJobs() {
        ScriptedBackend unknowing = new ScriptedBackend() {
            @Override
            public synchronized JobSnapshot poll(String jobId) throws BackendException {
                throw new BackendException(ErrorCode.UNKNOWN_JOB, "no such job");
            }
        };
        GetJobService getJob = new GetJobService(jobs(unknowing, catalog, ServicePolicy.defaults(), clock));
        assertThat(getJob.get("../../etc/passwd", BUDGET, ProgressListener.NONE)
                        .error()
                        .code())
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        Img2ImgResult unknown = getJob.get("job_nope", BUDGET, ProgressListener.NONE);
        assertThat(unknown.error().code()).isEqualTo(ErrorCode.UNKNOWN_JOB);
        assertThat(unknown.jobId()).isNull();
    }
}
