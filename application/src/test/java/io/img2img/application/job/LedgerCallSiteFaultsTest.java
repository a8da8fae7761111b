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
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.application.port.out.SubmittedJob;
import io.img2img.application.testkit.Await;
import io.img2img.application.testkit.MemoryAssetStore;
import io.img2img.application.testkit.MemoryJobLedger;
import io.img2img.application.testkit.PngHeaderCodec;
import io.img2img.application.usecase.GenerateImageService;
import io.img2img.domain.model.Model;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ledger failing at each of its call sites in turn (the next calls of one method throw, as a database that
 * blinks makes them), while keyed generations run and their callers retry once: at most one POST per job and per
 * key, every returned job id readable, every job ends (or is outcome-unknown), nobody told "nothing was submitted"
 * once its POST left, and new jobs run afterwards.
 */
class LedgerCallSiteFaultsTest {
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final int FAILURES = 3;

    /** A remote backend: each job succeeds at its third poll; every POST counted by our job id and time. */
    private static final class CountingBackend extends ScriptedBackend {
        final Map<String, AtomicInteger> postsPerJob = new ConcurrentHashMap<>();
        final Map<String, Long> firstPostNanos = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> pollsPerBackendJob = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();

        @Override
        public SubmittedJob submit(String ourJobId, Generation generation) throws BackendException {
            firstPostNanos.putIfAbsent(ourJobId, System.nanoTime());
            postsPerJob.computeIfAbsent(ourJobId, id -> new AtomicInteger()).incrementAndGet();
            return new SubmittedJob("job_" + ids.incrementAndGet(), null);
        }

        @Override
        public JobSnapshot poll(String jobId) {
            return pollsPerBackendJob
                                    .computeIfAbsent(jobId, id -> new AtomicInteger())
                                    .incrementAndGet()
                            >= 3
                    ? JobSnapshot.succeeded(List.of())
                    : JobSnapshot.running(0.5);
        }
    }

    private record Answer(String key, Img2ImgResult result, long nanos) {}

    @ParameterizedTest
    @ValueSource(
            strings = {
                "accept",
                "queuedCount",
                "find",
                "queuePosition",
                "claimOldestQueued",
                "takeOverSubmitted",
                "referenceImage",
                "markSubmitting",
                "markSubmitted",
                "recordProgress",
                "finish",
                "markOutcomeUnknown",
                "heartbeat",
                "sweepExpiredLeases",
                "changeCount"
            })
    void aLedgerFailingAtOneCallSiteNeverBillsTwiceNorLosesAJobNorASlot(String method) throws Exception {
        MemoryJobLedger ledger = new MemoryJobLedger(LEASE);
        AtomicInteger failuresLeft = new AtomicInteger();
        JobLedger flaky = (JobLedger) Proxy.newProxyInstance(
                JobLedger.class.getClassLoader(), new Class<?>[] {JobLedger.class}, (proxy, m, args) -> {
                    if (m.getName().equals(method) && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw new LedgerUnavailableException("memory", "a " + method + " timed out", null);
                    }
                    try {
                        return m.invoke(ledger, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        CountingBackend backend = new CountingBackend();
        ModelCatalog catalog =
                id -> Optional.of(new Model(id, "sd-xl", "trained", List.of("img2img"), false, List.of()));
        ServicePolicy twoSlots = ServicePolicy.defaults().withMaxConcurrentJobs(2);
        JobEngine jobs = JobEngine.create(
                flaky,
                backend,
                catalog,
                new PngHeaderCodec(),
                new MemoryAssetStore(),
                LedgerFaultsTest.SHORT_SLEEPS,
                twoSlots,
                new LedgerPolicy(LEASE, 30, 64));
        GenerateImageService service = new GenerateImageService(backend, catalog, new PngHeaderCodec(), jobs, twoSlots);
        try {
            failuresLeft.set(FAILURES);
            List<CompletableFuture<Answer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String key = "key-" + method + "-" + i;
                int seed = i;
                calls.add(CompletableFuture.supplyAsync(() -> call(service, key, seed)));
            }
            List<Answer> answers = new ArrayList<>();
            for (CompletableFuture<Answer> call : calls) {
                answers.add(call.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            for (Answer first : List.copyOf(answers)) { // every caller retries once with its key, as a client would
                answers.add(call(
                        service,
                        first.key(),
                        Integer.parseInt(first.key().substring(first.key().lastIndexOf('-') + 1))));
            }
            failuresLeft.set(0);

            List<LedgerJob> all = Await.until(
                    () -> ledger.list(100, null).jobs(),
                    list -> list.stream().allMatch(j -> j.state().terminal()),
                    Duration.ofSeconds(20));
            assertThat(all)
                    .as("every job ends")
                    .allSatisfy(
                            j -> assertThat(j.state()).as(j.jobId()).isIn(JobState.SUCCESS, JobState.OUTCOME_UNKNOWN));
            assertThat(backend.postsPerJob.values())
                    .as("at most one POST per job")
                    .allMatch(n -> n.get() == 1);
            Map<String, Long> jobsPerKey = new java.util.HashMap<>();
            all.forEach(j -> jobsPerKey.merge(j.idempotencyKey(), 1L, Long::sum));
            assertThat(jobsPerKey.values())
                    .as("at most one job (so one POST) per key")
                    .allMatch(n -> n == 1);
            for (Answer a : answers) {
                if (a.result().jobId() != null) {
                    assertThat(ledger.find(a.result().jobId()))
                            .as("a returned job id is readable")
                            .isPresent();
                }
                if (a.result().error() != null && a.result().error().message().contains("nothing was submitted")) {
                    LedgerJob keyed = all.stream()
                            .filter(j -> a.key().equals(j.idempotencyKey()))
                            .findFirst()
                            .orElse(null);
                    Long posted = keyed == null ? null : backend.firstPostNanos.get(keyed.jobId());
                    assertThat(posted == null || posted > a.nanos())
                            .as("told 'nothing was submitted' after its POST left: "
                                    + a.result().error().message())
                            .isTrue();
                }
            }

            List<CompletableFuture<Img2ImgResult>> after = List.of(
                    CompletableFuture.supplyAsync(
                            () -> service.generate(request(100), Duration.ofSeconds(15), ProgressListener.NONE)),
                    CompletableFuture.supplyAsync(
                            () -> service.generate(request(101), Duration.ofSeconds(15), ProgressListener.NONE)));
            for (CompletableFuture<Img2ImgResult> next : after) {
                Img2ImgResult r = next.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r.status())
                        .as("new jobs run afterwards: " + r.error())
                        .isEqualTo(JobStatus.SUCCESS);
            }
        } finally {
            jobs.keeper().stop(Duration.ofMillis(200));
        }
    }

    private static Answer call(GenerateImageService service, String key, int seed) {
        Img2ImgResult r = service.generate(request(seed), key, Duration.ofSeconds(10), ProgressListener.NONE);
        return new Answer(key, r, System.nanoTime());
    }

    private static io.img2img.domain.request.ParsedRequest request(int seed) {
        return RequestParser.parse(GenerateImageServiceTest.body("numSamples", 1, "seed", seed));
    }
}
