package io.img2img.application.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.port.out.SubmittedJob;
import io.img2img.application.testkit.Await;
import io.img2img.application.testkit.InstantClock;
import io.img2img.application.testkit.MemoryAssetStore;
import io.img2img.application.testkit.MemoryJobLedger;
import io.img2img.application.testkit.PngHeaderCodec;
import io.img2img.application.usecase.GenerateImageService;
import io.img2img.application.usecase.GetJobService;
import io.img2img.domain.model.Model;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.request.RequestTree;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The five demonstrations of the jobs-and-ledger review (2026-12-07, appendix), expectations inverted: each failed
 * on the code the review read (its demonstration passed there) and passes now. The ledger fails for real (every call
 * throws, as a database that blinks does); the lease is 2 s, so a few seconds are several lease periods.
 */
class LedgerFaultsTest {
    private static final Duration BUDGET = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final ServicePolicy ONE_SLOT = ServicePolicy.defaults().withMaxConcurrentJobs(1);
    private static final LedgerPolicy SHORT_LEASE = new LedgerPolicy(LEASE, 30, 64);

    private final MemoryJobLedger ledger = new MemoryJobLedger(LEASE);
    private final ModelCatalog catalog =
            id -> Optional.of(new Model(id, "sd-xl", "trained", List.of("img2img"), false, List.of()));
    private JobEngine jobs;

    /** Real sleeps, but short ones: a followed job is polled every 20 ms. */
    static final Clock SHORT_SLEEPS = new Clock() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            // the engine's own pacing under this clock (a poll every 20 ms), not a test waiting for something
            Thread.sleep(Math.min(20, duration.toMillis()));
        }
    };

    @AfterEach
    void stop() {
        ledger.unavailable = false;
        if (jobs != null) {
            jobs.keeper().stop(Duration.ofMillis(200));
        }
    }

    private GenerateImageService service(JobLedger on, ScriptedBackend backend, ServicePolicy policy, Clock clock) {
        jobs = JobEngine.create(
                on, backend, catalog, new PngHeaderCodec(), new MemoryAssetStore(), clock, policy, SHORT_LEASE);
        return new GenerateImageService(backend, catalog, new PngHeaderCodec(), jobs, policy, () -> 42);
    }

    private static ParsedRequest request(int samples) {
        return RequestParser.parse(GenerateImageServiceTest.body("numSamples", samples));
    }

    /** A backend whose generation POST is answered only when the test says so. */
    private static ScriptedBackend heldPost(CountDownLatch posting, CountDownLatch answer) {
        return new ScriptedBackend() {
            @Override
            public SubmittedJob submit(String ourJobId, Generation generation) throws BackendException {
                posting.countDown();
                try {
                    answer.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.submit(ourJobId, generation);
            }
        };
    }

    private LedgerJob awaitState(String jobId, JobState state) throws Exception {
        return Await.until(() -> ledger.find(jobId).orElseThrow(), j -> j.state() == state, Duration.ofSeconds(15));
    }

    /** A (F1): the caller waiting when the ledger fails is answered its job id, never "nothing was submitted". */
    @Test
    void aCallerWaitingWhenTheLedgerFailsGetsItsJobIdAndFollowsItInsteadOfPayingAgain() throws Exception {
        CountDownLatch posting = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        ScriptedBackend backend = heldPost(posting, answer);
        backend.then(JobSnapshot.succeeded(List.of()));
        GenerateImageService service = service(ledger, backend, ServicePolicy.defaults(), new InstantClock());

        CompletableFuture<Img2ImgResult> first = CompletableFuture.supplyAsync(() ->
                service.generate(request(1), BUDGET, ProgressListener.NONE)); // no key: as an MCP call without one
        assertThat(posting.await(5, TimeUnit.SECONDS)).isTrue();
        ledger.unavailable = true; // a PostgreSQL restart, a pool timeout, a SQLite lock held past the busy timeout
        Img2ImgResult told = first.get(5, TimeUnit.SECONDS);
        ledger.unavailable = false;
        answer.countDown();

        assertThat(told.error()).as("an accepted job is not an error").isNull();
        assertThat(told.jobId()).as("the caller learns its job id").isNotNull();
        assertThat(told.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(String.join(" ", told.notes()))
                .contains("could not be read")
                .doesNotContain("nothing was submitted");
        GetJobService getJob = new GetJobService(jobs);
        assertThat(getJob.get(told.jobId(), BUDGET, ProgressListener.NONE).status())
                .as("followed by its id")
                .isEqualTo(JobStatus.SUCCESS);
        assertThat(backend.submittedCount()).as("one paid POST for one call").isEqualTo(1);
    }

    /** B (F5, F8): a write after the POST fails; the job is not orphaned, Scenario's id is kept and followed. */
    @Test
    void aJobWhoseWriteAfterThePostFailedIsRecordedWhenTheLedgerIsBackAndFollowedToItsEnd() throws Exception {
        CountDownLatch posting = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        ScriptedBackend backend = heldPost(posting, answer);
        backend.then(JobSnapshot.succeeded(List.of()));
        GenerateImageService service = service(ledger, backend, ServicePolicy.defaults(), new InstantClock());

        CompletableFuture<Img2ImgResult> first = CompletableFuture.supplyAsync(
                () -> service.generate(request(1), "key-orphan", BUDGET, ProgressListener.NONE));
        assertThat(posting.await(5, TimeUnit.SECONDS)).isTrue();
        int refusedBefore = ledger.refusedCalls.get();
        ledger.unavailable = true;
        answer.countDown(); // Scenario answered: job_1 exists and is billed
        String jobId = first.get(5, TimeUnit.SECONDS).jobId();
        // the job thread's write of Scenario's answer met the fault at least twice (a first try and a retry)
        assertThat(Await.until(ledger.refusedCalls::get, n -> n >= refusedBefore + 2, BUDGET))
                .isGreaterThanOrEqualTo(refusedBefore + 2);
        ledger.unavailable = false;

        LedgerJob job = awaitState(jobId, JobState.SUCCESS);
        assertThat(job.state()).isEqualTo(JobState.SUCCESS);
        assertThat(job.backendJobId()).as("Scenario's answer was kept").isEqualTo("job_1");
        assertThat(backend.polls.get()).as("job_1 was followed").isPositive();
        Img2ImgResult again = service.generate(request(1), "key-orphan", BUDGET, ProgressListener.NONE);
        assertThat(again.jobId()).isEqualTo(jobId);
        assertThat(again.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(backend.submittedCount()).isEqualTo(1);
    }

    /** C (F6): a job whose writes fail goes on when the ledger is back; the one slot is never lost. */
    @Test
    void aLedgerFailureWhileAJobRunsLosesNoSlotAndTheNextJobRunsAfterIt() throws Exception {
        AtomicInteger pollCount = new AtomicInteger();
        AtomicBoolean finish = new AtomicBoolean();
        ScriptedBackend backend = new ScriptedBackend() {
            @Override
            public synchronized JobSnapshot poll(String jobId) {
                return finish.get()
                        ? JobSnapshot.succeeded(List.of())
                        : JobSnapshot.running(
                                Math.min(0.9, pollCount.incrementAndGet() / 1000.0)); // progress on every poll
            }
        };
        GenerateImageService service = service(ledger, backend, ONE_SLOT, SHORT_SLEEPS);
        Img2ImgResult running = service.generate(request(1), Duration.ZERO, ProgressListener.NONE);
        assertThat(running.status()).isEqualTo(JobStatus.IN_PROGRESS);
        Await.until(pollCount::get, n -> n > 3, BUDGET);

        int refusedBefore = ledger.refusedCalls.get();
        ledger.unavailable = true;
        // the follower's progress writes met the fault, more than once
        assertThat(Await.until(ledger.refusedCalls::get, n -> n >= refusedBefore + 2, BUDGET))
                .isGreaterThanOrEqualTo(refusedBefore + 2);
        ledger.unavailable = false;

        int pollsThen = pollCount.get();
        assertThat(Await.until(pollCount::get, n -> n > pollsThen + 3, BUDGET))
                .as("still followed")
                .isGreaterThan(pollsThen + 3);
        Img2ImgResult next = service.generate(request(2), Duration.ZERO, ProgressListener.NONE);
        assertThat(next.status()).as("the one slot is the first job's, rightly").isEqualTo(JobStatus.QUEUED);
        finish.set(true);
        assertThat(awaitState(running.jobId(), JobState.SUCCESS).state()).isEqualTo(JobState.SUCCESS);
        assertThat(awaitState(next.jobId(), JobState.SUCCESS).state())
                .as("the slot came back")
                .isEqualTo(JobState.SUCCESS);
        assertThat(backend.submittedCount()).isEqualTo(2);
    }

    /** C': the ledger fails for longer than a lease: the submitted job is handed over, then followed to its end. */
    @Test
    void aSubmittedJobWhoseWritesFailLongerThanALeaseIsHandedOverNotEndedAndFollowedToItsEnd() throws Exception {
        AtomicInteger pollCount = new AtomicInteger();
        AtomicBoolean finish = new AtomicBoolean();
        ScriptedBackend backend = new ScriptedBackend() {
            @Override
            public synchronized JobSnapshot poll(String jobId) {
                return finish.get()
                        ? JobSnapshot.succeeded(List.of())
                        : JobSnapshot.running(Math.min(0.9, pollCount.incrementAndGet() / 1000.0));
            }
        };
        GenerateImageService service = service(ledger, backend, ONE_SLOT, SHORT_SLEEPS);
        Img2ImgResult running = service.generate(request(1), Duration.ZERO, ProgressListener.NONE);
        Await.until(pollCount::get, n -> n > 3, BUDGET);

        ledger.unavailable = true;
        // the fault's length IS the condition under test: longer than a lease (the write's patience), so the run lets
        // the job go; no event of ours marks "a lease has passed" but the time itself
        Thread.sleep(LEASE.toMillis() + 1500);
        ledger.unavailable = false;

        LedgerJob taken = Await.until(
                () -> ledger.find(running.jobId()).orElseThrow(),
                j -> j.state() == JobState.SUBMITTED && j.version() > 3 && pollCount.get() > 0,
                Duration.ofSeconds(15));
        assertThat(taken.state()).as("never ended for a write of ours").isEqualTo(JobState.SUBMITTED);
        finish.set(true);
        LedgerJob ended = awaitState(running.jobId(), JobState.SUCCESS);
        assertThat(ended.state()).as("taken over and followed to its real end").isEqualTo(JobState.SUCCESS);
        assertThat(ended.backendJobId()).isEqualTo("job_1");
        assertThat(backend.submittedCount()).isEqualTo(1);
        Img2ImgResult next = service.generate(request(2), BUDGET, ProgressListener.NONE);
        assertThat(next.status()).as("the slot came back").isEqualTo(JobStatus.SUCCESS);
    }

    /** D (F5, F6): a claimed job whose start fails (its reference image cannot be read) is requeued and runs. */
    @Test
    void aClaimedJobWhoseStartFailsIsTakenBackByTheSweepAndRunsAndItsSlotIsFree() throws Exception {
        ScriptedBackend backend = new ScriptedBackend();
        backend.then(JobSnapshot.succeeded(List.of()));
        AtomicBoolean failReads = new AtomicBoolean();
        AtomicInteger failedReads = new AtomicInteger();
        JobLedger flaky = failing(ledger, "referenceImage", failReads, failedReads);
        GenerateImageService service = service(flaky, backend, ONE_SLOT, new InstantClock());
        ParsedRequest parsed = request(1);
        Map<String, Object> tree = new LinkedHashMap<>(RequestTree.of(parsed.request()));
        tree.put("seed", "42");
        ledger.accept(new NewJob(
                "job_queuedBeforeTheStart000",
                backend.identity(),
                JobState.QUEUED,
                null,
                "42",
                null,
                null,
                tree,
                RequestTree.imageBytes(parsed.request()),
                null,
                null,
                64));

        failReads.set(true);
        jobs.keeper().start(); // its first sweep and claim take the queued job; its start fails
        Await.until(
                () -> ledger.find("job_queuedBeforeTheStart000").orElseThrow().state(),
                s -> s == JobState.CLAIMED,
                BUDGET);
        // its start read the reference image and met the fault
        assertThat(Await.until(failedReads::get, n -> n >= 1, BUDGET)).isPositive();
        failReads.set(false);

        assertThat(awaitState("job_queuedBeforeTheStart000", JobState.SUCCESS).state())
                .isEqualTo(JobState.SUCCESS);
        Img2ImgResult later = service.generate(request(2), BUDGET, ProgressListener.NONE);
        assertThat(later.status()).as("the one slot is free").isEqualTo(JobStatus.SUCCESS);
        assertThat(backend.submittedCount()).isEqualTo(2);
    }

    /** E (F2): a gateway's 504 to the POST: the job may have started; it is never sent again and says so. */
    @Test
    void aGatewayTimeoutAnswerToThePostIsOutcomeUnknownAndTheSameKeyNeverPostsAgain() {
        AtomicInteger attempts = new AtomicInteger();
        ScriptedBackend backend = new ScriptedBackend() {
            @Override
            public synchronized SubmittedJob submit(String ourJobId, Generation generation) throws BackendException {
                attempts.incrementAndGet();
                throw new BackendException(ErrorCode.UPSTREAM_TIMEOUT, "Scenario timed out (HTTP 504)");
            }
        };
        GenerateImageService service = service(ledger, backend, ServicePolicy.defaults(), new InstantClock());
        Img2ImgResult r = service.generate(request(1), "key-504", BUDGET, ProgressListener.NONE);
        assertThat(r.error().code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(r.error().message()).contains("may have");
        assertThat(ledger.find(r.jobId()).orElseThrow().state()).isEqualTo(JobState.OUTCOME_UNKNOWN);
        Img2ImgResult again = service.generate(request(1), "key-504", BUDGET, ProgressListener.NONE);
        assertThat(again.error().code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(attempts.get()).as("never sent again").isEqualTo(1);
    }

    /** A "may have started" answer (502 after the job was created, as the Scenario adapter classes it). */
    @Test
    void aPostThatMayHaveStartedIsOutcomeUnknownAndOnlyARefusalEndsAJobAsAFailure() {
        ScriptedBackend backend = new ScriptedBackend();
        backend.submitFault = new BackendException(
                ErrorCode.JOB_MAY_HAVE_STARTED, "Scenario's gateway answered 502: " + "the job may have started");
        GenerateImageService service = service(ledger, backend, ServicePolicy.defaults(), new InstantClock());
        Img2ImgResult unknown = service.generate(request(1), BUDGET, ProgressListener.NONE);
        assertThat(unknown.error().code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(unknown.error().message()).contains("may have been started");

        backend.submitFault = new BackendException(ErrorCode.UPSTREAM_REJECTED, "Scenario refused the request: nsfw");
        Img2ImgResult refused = service.generate(request(1), BUDGET, ProgressListener.NONE);
        assertThat(refused.error().code()).isEqualTo(ErrorCode.UPSTREAM_REJECTED);
        assertThat(ledger.list(1, null).jobs().get(0).state()).isEqualTo(JobState.FAILURE);
    }

    /** The ledger, with every call of {@code method} failing (and counted in {@code failed}) while {@code failing}. */
    static JobLedger failing(JobLedger ledger, String method, AtomicBoolean failing, AtomicInteger failed) {
        return (JobLedger) Proxy.newProxyInstance(
                JobLedger.class.getClassLoader(), new Class<?>[] {JobLedger.class}, (proxy, m, args) -> {
                    if (failing.get() && m.getName().equals(method)) {
                        failed.incrementAndGet();
                        throw new LedgerUnavailableException("memory", "a " + method + " timed out", null);
                    }
                    try {
                        return m.invoke(ledger, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
