package io.img2img.application.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.application.port.out.SubmittedJob;
import io.img2img.application.testkit.InstantClock;
import io.img2img.application.testkit.MemoryAssetStore;
import io.img2img.application.testkit.MemoryJobLedger;
import io.img2img.application.testkit.PngHeaderCodec;
import io.img2img.application.usecase.GenerateImageService;
import io.img2img.application.usecase.GetJobService;
import io.img2img.application.usecase.JobListService;
import io.img2img.domain.model.Model;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Generations recorded in the ledger: idempotency keys, the write-ahead for money, an unavailable ledger. */
class JobEngineTest {
    private static final Duration BUDGET = Duration.ofSeconds(10);

    private final MemoryJobLedger ledger = new MemoryJobLedger();
    private final MemoryAssetStore store = new MemoryAssetStore();
    private final ModelCatalog catalog =
            id -> Optional.of(new Model(id, "sd-xl", "trained", List.of("img2img"), false, List.of()));

    private GenerateImageService service(ScriptedBackend backend) {
        JobEngine jobs = JobEngine.create(
                ledger,
                backend,
                catalog,
                new PngHeaderCodec(),
                store,
                new InstantClock(),
                ServicePolicy.defaults(),
                LedgerPolicy.defaults());
        return new GenerateImageService(
                backend, catalog, new PngHeaderCodec(), jobs, ServicePolicy.defaults(), () -> 42);
    }

    private static io.img2img.domain.request.ParsedRequest request(int samples) {
        return RequestParser.parse(GenerateImageServiceTest.body("numSamples", samples));
    }

    /** F3: the database lost the {@code submitting} commit while the POST was out; the job is never sent again. */
    @Test
    void aPostWhoseSubmittingCommitWasLostIsFencedNotSentAgain() throws Exception {
        JobLedger losing = (JobLedger) java.lang.reflect.Proxy.newProxyInstance(
                JobLedger.class.getClassLoader(), new Class<?>[] {JobLedger.class}, (proxy, m, args) -> {
                    Object answer;
                    try {
                        answer = m.invoke(ledger, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (m.getName().equals("markSubmitting")) {
                        ledger.restore((LedgerJob) args[0]); // a failover to an async standby: the commit is gone
                    }
                    return answer;
                });
        ScriptedBackend backend = new ScriptedBackend();
        backend.then(JobSnapshot.succeeded(List.of("asset_a")));
        JobEngine jobs = JobEngine.create(
                losing,
                backend,
                catalog,
                new PngHeaderCodec(),
                store,
                new InstantClock(),
                ServicePolicy.defaults(),
                LedgerPolicy.defaults());
        try {
            Img2ImgResult answer = new GenerateImageService(
                            backend, catalog, new PngHeaderCodec(), jobs, ServicePolicy.defaults())
                    .generate(request(1), BUDGET, ProgressListener.NONE);
            LedgerJob fenced = ledger.find(answer.jobId()).orElseThrow();
            assertThat(fenced.state()).isEqualTo(JobState.OUTCOME_UNKNOWN);
            assertThat(fenced.backendJobId())
                    .as("the paid job can still be followed")
                    .isEqualTo("job_1");
            assertThat(answer.error().code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        } finally {
            jobs.stop(Duration.ofSeconds(1));
        }
        assertThat(ledger.claimOldestQueued(backend.identity(), "holder-2"))
                .as("never queued again")
                .isEmpty();
        assertThat(backend.submitted).as("one POST").hasSize(1);
    }

    @Test
    void theSameKeyAndRequestGiveTheSameJobAndAnotherRequestIs422() {
        ScriptedBackend backend = new ScriptedBackend();
        backend.then(JobSnapshot.succeeded(List.of("asset_a")));
        GenerateImageService service = service(backend);
        Img2ImgResult first = service.generate(request(2), "key-123", BUDGET, ProgressListener.NONE);
        Img2ImgResult again = service.generate(request(2), "key-123", BUDGET, ProgressListener.NONE);
        assertThat(again.jobId()).isEqualTo(first.jobId());
        assertThat(again.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(backend.submitted).as("never a second POST").hasSize(1);
        Img2ImgResult other = service.generate(request(3), "key-123", BUDGET, ProgressListener.NONE);
        assertThat(other.error().code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(backend.submitted).hasSize(1);
    }

    @Test
    void whileTheFirstIsBeingSubmittedTheKeyIsInProgressWithARetryHint() throws Exception {
        CountDownLatch posting = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        ScriptedBackend backend = new ScriptedBackend() {
            @Override
            public SubmittedJob submit(String ourJobId, Generation generation) throws BackendException {
                posting.countDown();
                try {
                    answer.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.submit(ourJobId, generation);
            }
        };
        backend.then(JobSnapshot.succeeded(List.of()));
        GenerateImageService service = service(backend);
        CompletableFuture<Img2ImgResult> first = CompletableFuture.supplyAsync(
                () -> service.generate(request(1), "key-held", BUDGET, ProgressListener.NONE));
        assertThat(posting.await(5, TimeUnit.SECONDS)).isTrue();
        String jobId = ledger.list(1, null).jobs().get(0).jobId();
        assertThat(ledger.find(jobId).orElseThrow().state())
                .as("committed before the paid POST")
                .isEqualTo(JobState.SUBMITTING);
        Img2ImgResult again = service.generate(request(1), "key-held", BUDGET, ProgressListener.NONE);
        assertThat(again.error().code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS);
        assertThat(again.error().retryAfter()).isPositive();
        answer.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).jobId()).isEqualTo(jobId);
        assertThat(backend.submitted).hasSize(1);
    }

    @Test
    void aPostThatMayHaveStartedIsOutcomeUnknownAndNeverSentAgain() {
        ScriptedBackend backend = new ScriptedBackend();
        backend.submitFault = new BackendException(ErrorCode.JOB_MAY_HAVE_STARTED, "the answer was lost");
        GenerateImageService service = service(backend);
        Img2ImgResult r = service.generate(request(1), "key-lost", BUDGET, ProgressListener.NONE);
        assertThat(r.status()).isEqualTo(JobStatus.FAILURE);
        assertThat(r.error().code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(r.error().message())
                .contains("may have been started and billed")
                .contains("never sent again");
        assertThat(ledger.find(r.jobId()).orElseThrow().state()).isEqualTo(JobState.OUTCOME_UNKNOWN);
        backend.submitFault = null;
        Img2ImgResult again = service.generate(request(1), "key-lost", BUDGET, ProgressListener.NONE);
        assertThat(again.error().code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(backend.submitted).as("the one attempt, never another").isEmpty();
    }

    @Test
    void aRefusedPostEndsTheJobAndGivesItsCallerTheRefusal() {
        ScriptedBackend backend = new ScriptedBackend();
        backend.submitFault = new BackendException(ErrorCode.UPSTREAM_RATE_LIMITED, "slow down", Duration.ofSeconds(9));
        Img2ImgResult r = service(backend).generate(request(1), BUDGET, ProgressListener.NONE);
        assertThat(r.error().code()).isEqualTo(ErrorCode.UPSTREAM_RATE_LIMITED);
        assertThat(r.error().retryAfter()).isEqualTo(Duration.ofSeconds(9));
        assertThat(ledger.list(1, null).jobs().get(0).state())
                .as("recorded, ended")
                .isEqualTo(JobState.FAILURE);
    }

    @Test
    void anUnavailableLedgerSubmitsNothingButDryRunsStillWork() {
        ScriptedBackend backend = new ScriptedBackend();
        ledger.unavailable = true;
        GenerateImageService service = service(backend);
        Img2ImgResult r = service.generate(request(1), BUDGET, ProgressListener.NONE);
        assertThat(r.error().code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE);
        assertThat(r.error().message()).contains("memory").contains("nothing was submitted");
        assertThat(backend.submitted).isEmpty();
        Img2ImgResult dry = service.generate(
                RequestParser.parse(GenerateImageServiceTest.body("dryRun", true)), BUDGET, ProgressListener.NONE);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.error()).isNull();
    }

    @Test
    void pastTheBoundJobsQueueWithPositionsAndAllRunOldestFirst() throws Exception {
        ScriptedBackend backend = new ScriptedBackend();
        backend.then(JobSnapshot.succeeded(List.of()));
        HeldClock held = new HeldClock(0); // the first job holds the one slot until released
        ServicePolicy one = ServicePolicy.defaults().withMaxConcurrentJobs(1);
        JobEngine jobs = JobEngine.create(
                ledger, backend, catalog, new PngHeaderCodec(), store, held, one, LedgerPolicy.defaults());
        GenerateImageService service =
                new GenerateImageService(backend, catalog, new PngHeaderCodec(), jobs, one, () -> 42);
        List<Img2ImgResult> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(service.generate(request(1), Duration.ZERO, ProgressListener.NONE));
        }
        assertThat(answers)
                .allSatisfy(a -> assertThat(a.error()).as("none refused").isNull());
        assertThat(answers.get(0).status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(answers.subList(1, 6)).extracting(Img2ImgResult::status).containsOnly(JobStatus.QUEUED);
        assertThat(answers.subList(1, 6))
                .extracting(Img2ImgResult::queuePosition)
                .containsExactly(1, 2, 3, 4, 5);
        // the first job's POST is sent by its own thread, after its caller was answered: wait for it, not assume it
        assertThat(io.img2img.application.testkit.Await.until(backend::submittedCount, n -> n >= 1, BUDGET))
                .as("queued jobs spend nothing")
                .isEqualTo(1);
        held.release();
        GetJobService getJob = new GetJobService(jobs);
        for (Img2ImgResult a : answers) {
            assertThat(getJob.get(a.jobId(), BUDGET, ProgressListener.NONE).status())
                    .isEqualTo(JobStatus.SUCCESS);
        }
        assertThat(backend.submitted).hasSize(6);
    }

    /**
     * Security review 2026-12-07, finding 11: one client cannot fill the whole queue; past its share it is refused
     * with a retry hint while another client still queues. (Moved here from adapter-rest's FairShareTest, which now
     * proves only the front end's part: telling clients apart by address, and the 429.)
     */
    @Test
    void oneClientQueuesAtMostItsShareAndAnotherStillQueues() throws Exception {
        ScriptedBackend backend = new ScriptedBackend();
        backend.then(JobSnapshot.succeeded(List.of()));
        HeldClock held = new HeldClock(0); // the first job holds the one slot until released
        ServicePolicy one = ServicePolicy.defaults().withMaxConcurrentJobs(1);
        JobEngine jobs = JobEngine.create(
                ledger,
                backend,
                catalog,
                new PngHeaderCodec(),
                store,
                held,
                one,
                new LedgerPolicy(Duration.ofSeconds(30), 30, 64, 2));
        GenerateImageService service =
                new GenerateImageService(backend, catalog, new PngHeaderCodec(), jobs, one, () -> 42);
        assertThat(service.generate(request(1), null, Duration.ZERO, ProgressListener.NONE, "127.0.0.1")
                        .status())
                .isEqualTo(JobStatus.IN_PROGRESS);
        for (int i = 0; i < 2; i++) {
            assertThat(service.generate(request(1), null, Duration.ZERO, ProgressListener.NONE, "127.0.0.1")
                            .status())
                    .isEqualTo(JobStatus.QUEUED);
        }
        Img2ImgResult refused = service.generate(request(1), null, Duration.ZERO, ProgressListener.NONE, "127.0.0.1");
        assertThat(refused.error().code()).isEqualTo(io.img2img.domain.result.ErrorCode.CLIENT_QUEUE_FULL);
        assertThat(refused.error().retryAfter()).isNotNull();
        Img2ImgResult other = service.generate(request(1), null, Duration.ZERO, ProgressListener.NONE, "127.0.0.2");
        assertThat(other.status()).as("another client keeps its share").isEqualTo(JobStatus.QUEUED);
        assertThat(ledger.queuedCount(backend.identity())).isEqualTo(3);
        held.release();
    }

    @Test
    void aNodeWithAFreeSlotClaimsAJobQueuedOnAnotherNodeWhenThatChangeIsAnnouncedToIt() throws Exception {
        ScriptedBackend backend = new ScriptedBackend();
        backend.then(JobSnapshot.succeeded(List.of()));
        HeldClock held = new HeldClock(0); // node A's one slot stays taken until released
        ServicePolicy one = ServicePolicy.defaults().withMaxConcurrentJobs(1);
        JobEngine nodeA = JobEngine.create(
                ledger, backend, catalog, new PngHeaderCodec(), store, held, one, LedgerPolicy.defaults());
        JobEngine nodeB = JobEngine.create(
                ledger,
                backend,
                catalog,
                new PngHeaderCodec(),
                store,
                new InstantClock(),
                one,
                LedgerPolicy.defaults());
        // as on PostgreSQL: B does not poll the change counter but hears others' writes pushed to it, so only the
        // announcement below can make it claim before its next sweep, half a lease (15 s) away
        nodeB.keeper().othersAnnounceTheirChanges();
        nodeB.keeper().start(); // nothing queued yet
        try {
            GenerateImageService onA =
                    new GenerateImageService(backend, catalog, new PngHeaderCodec(), nodeA, one, () -> 42);
            Img2ImgResult running = onA.generate(request(1), Duration.ZERO, ProgressListener.NONE);
            Img2ImgResult queued = onA.generate(request(1), Duration.ZERO, ProgressListener.NONE);
            assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);

            nodeB.changedElsewhere(); // A's write, as PostgreSQL's NOTIFY tells B of it
            JobState end = io.img2img.application.testkit.Await.until(
                    () -> ledger.find(queued.jobId()).orElseThrow().state(),
                    JobState::terminal,
                    Duration.ofSeconds(10));
            assertThat(end).as("claimed and run by node B").isEqualTo(JobState.SUCCESS);
            assertThat(ledger.find(running.jobId()).orElseThrow().state().terminal())
                    .as("A still holds its own")
                    .isFalse();
        } finally {
            held.release();
            nodeA.keeper().stop(Duration.ofSeconds(5));
            nodeB.keeper().stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void observingAJobGivesItAtItsLedgerVersion() {
        ScriptedBackend backend = new ScriptedBackend();
        backend.then(JobSnapshot.succeeded(List.of()));
        JobEngine jobs = JobEngine.create(
                ledger,
                backend,
                catalog,
                new PngHeaderCodec(),
                store,
                new InstantClock(),
                ServicePolicy.defaults(),
                LedgerPolicy.defaults());
        String jobId = new GenerateImageService(backend, catalog, new PngHeaderCodec(), jobs, ServicePolicy.defaults())
                .generate(request(1), BUDGET, ProgressListener.NONE)
                .jobId();
        JobListService observe = new JobListService(jobs);
        var now = observe.now(jobId).orElseThrow();
        assertThat(now.version())
                .isEqualTo(ledger.find(jobId).orElseThrow().version())
                .isPositive();
        assertThat(now.ended()).isTrue();
        assertThat(now.result().status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(now.statusVersion()).isLessThanOrEqualTo(now.version());
        assertThat(observe.now("job_unknown")).isEmpty();
    }

    @Test
    void theListShowsJobsNewestFirstWithTheirPrompt() {
        ScriptedBackend backend = new ScriptedBackend();
        backend.then(JobSnapshot.succeeded(List.of()));
        GenerateImageService service = service(backend);
        JobEngine jobs = JobEngine.create(
                ledger,
                backend,
                catalog,
                new PngHeaderCodec(),
                store,
                new InstantClock(),
                ServicePolicy.defaults(),
                LedgerPolicy.defaults());
        String older =
                service.generate(request(1), BUDGET, ProgressListener.NONE).jobId();
        String newer = service.generate(
                        RequestParser.parse(GenerateImageServiceTest.body("prompt", "a harbour")),
                        BUDGET,
                        ProgressListener.NONE)
                .jobId();
        var page = new JobListService(jobs).list(1, null);
        assertThat(page.jobs()).singleElement().satisfies(item -> {
            assertThat(item.result().jobId()).isEqualTo(newer);
            assertThat(item.prompt()).isEqualTo("a harbour");
            assertThat(item.createdAt()).isNotNull();
        });
        assertThat(new JobListService(jobs)
                        .list(1, page.nextCursor())
                        .jobs()
                        .get(0)
                        .result()
                        .jobId())
                .isEqualTo(older);
    }
}
