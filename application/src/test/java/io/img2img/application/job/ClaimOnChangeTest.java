package io.img2img.application.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.testkit.Await;
import io.img2img.application.testkit.InstantClock;
import io.img2img.application.testkit.MemoryAssetStore;
import io.img2img.application.testkit.MemoryJobLedger;
import io.img2img.application.testkit.PngHeaderCodec;
import io.img2img.application.usecase.GenerateImageService;
import io.img2img.domain.model.Model;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.request.RequestTree;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two processes sharing one ledger (two {@link JobEngine}, each with its own slots, announcements and keeper): a job
 * queued by a busy process is claimed by the idle one on the change announcement, long before the half-lease sweep,
 * and an idle process that sees changes with nothing queued writes nothing.
 */
class ClaimOnChangeTest {
    /** A sweep every 150 s: a claim within the test's seconds can only come from the change announcement. */
    private static final LedgerPolicy LONG_LEASE = new LedgerPolicy(Duration.ofSeconds(300), 30, 64);

    private static final ServicePolicy ONE_SLOT = ServicePolicy.defaults().withMaxConcurrentJobs(1);

    private final MemoryJobLedger shared = new MemoryJobLedger();
    private final ModelCatalog catalog =
            id -> Optional.of(new Model(id, "sd-xl", "trained", List.of("img2img"), false, List.of()));
    private final Map<String, AtomicInteger> idleCalls = new ConcurrentHashMap<>();
    /** The jobs the idle process claimed from the queue, in the order the ledger gave them. */
    private final List<String> claims = new java.util.concurrent.CopyOnWriteArrayList<>();

    private JobEngine idle;
    private JobEngine busy;
    private HeldClock busyClock;

    /** The idle process's view of the shared ledger, counting each method it calls. */
    private JobLedger counted(JobLedger ledger) {
        return (JobLedger) Proxy.newProxyInstance(
                JobLedger.class.getClassLoader(), new Class<?>[] {JobLedger.class}, (proxy, method, args) -> {
                    idleCalls
                            .computeIfAbsent(method.getName(), name -> new AtomicInteger())
                            .incrementAndGet();
                    try {
                        Object result = method.invoke(ledger, args);
                        if (method.getName().equals("claimOldestQueued") && result instanceof Optional<?> claimed) {
                            claimed.ifPresent(job -> claims.add(((LedgerJob) job).jobId()));
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private int calls(String method) {
        return idleCalls.getOrDefault(method, new AtomicInteger()).get();
    }

    @AfterEach
    void stop() {
        if (busyClock != null) {
            busyClock.release();
        }
        for (JobEngine jobs : new JobEngine[] {idle, busy}) {
            if (jobs != null) {
                jobs.keeper().stop(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void aJobQueuedByABusyProcessIsClaimedByTheIdleOneOnTheAnnouncementAndNothingIsWrittenWhileNothingIsQueued()
            throws Exception {
        ScriptedBackend idleBackend = new ScriptedBackend().then(JobSnapshot.succeeded(List.of()));
        idle = JobEngine.create(
                counted(shared),
                idleBackend,
                catalog,
                new PngHeaderCodec(),
                new MemoryAssetStore(),
                new InstantClock(),
                ONE_SLOT,
                LONG_LEASE);
        ScriptedBackend busyBackend = new ScriptedBackend();
        busyClock = new HeldClock(0); // the busy process's one job is followed until the test lets it go
        busy = JobEngine.create(
                shared,
                busyBackend,
                catalog,
                new PngHeaderCodec(),
                new MemoryAssetStore(),
                busyClock,
                ONE_SLOT,
                LONG_LEASE);
        GenerateImageService busyService =
                new GenerateImageService(busyBackend, catalog, new PngHeaderCodec(), busy, ONE_SLOT, () -> 42);
        idle.keeper().start();
        int claimsAtStart = calls("claimOldestQueued") + calls("takeOverSubmitted");

        Img2ImgResult running = busyService.generate(request(), Duration.ZERO, ProgressListener.NONE);
        assertThat(running.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(busyClock.holding.await(10, TimeUnit.SECONDS))
                .as("the busy process holds its slot")
                .isTrue();
        int polls = calls("changeCount");
        Await.until(() -> calls("changeCount"), n -> n >= polls + 2, Duration.ofSeconds(10));
        assertThat(calls("queuedCount"))
                .as("the idle process noticed the changes")
                .isPositive();
        assertThat(calls("claimOldestQueued") + calls("takeOverSubmitted"))
                .as("changes with nothing queued: no claim attempted, nothing written")
                .isEqualTo(claimsAtStart);

        Img2ImgResult queued = busyService.generate(request(), Duration.ZERO, ProgressListener.NONE);
        assertThat(queued.status()).as("the busy process has no free slot").isEqualTo(JobStatus.QUEUED);
        LedgerJob ended = Await.until(
                () -> shared.find(queued.jobId()).orElseThrow(), j -> j.state().terminal(), Duration.ofSeconds(10));
        assertThat(ended.state())
                .as("claimed and run by the idle process well before a sweep")
                .isEqualTo(JobState.SUCCESS);
        assertThat(idleBackend.submitted).hasSize(1);
        assertThat(busyBackend.submitted)
                .as("the busy process ran only its own job")
                .hasSize(1);
        assertThat(shared.find(running.jobId()).orElseThrow().state()).isEqualTo(JobState.SUBMITTED);
    }

    @Test
    void aNewJobNeverTakesAFreeSlotWhileAnOlderJobOfItsBackendIsQueued() throws Exception {
        java.util.concurrent.CountDownLatch lookingUp = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch lookUp = new java.util.concurrent.CountDownLatch(1);
        ModelCatalog heldCatalog = id -> {
            if (id.equals("model_held")) { // the keeper's thread waits here, so it claims nothing meanwhile
                lookingUp.countDown();
                try {
                    lookUp.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return catalog.find(id);
        };
        ScriptedBackend backend = new ScriptedBackend().then(JobSnapshot.succeeded(List.of()));
        ServicePolicy twoSlots = ServicePolicy.defaults().withMaxConcurrentJobs(2);
        idle = JobEngine.create(
                counted(shared),
                backend,
                heldCatalog,
                new PngHeaderCodec(),
                new MemoryAssetStore(),
                new InstantClock(),
                twoSlots,
                LONG_LEASE);
        GenerateImageService service =
                new GenerateImageService(backend, heldCatalog, new PngHeaderCodec(), idle, twoSlots, () -> 42);
        idle.keeper().start();
        String held = queueDirectly(GenerateImageServiceTest.body("modelId", "model_held", "seed", 1));
        assertThat(lookingUp.await(10, TimeUnit.SECONDS))
                .as("the keeper claimed it and looks its model up")
                .isTrue();
        // the older job's look-up is held too: claimed into the free slot, it keeps that slot until the test lets it
        // go (a job that ran and ended at once would free the slot, and the newer one would rightly take it)
        String older = queueDirectly(GenerateImageServiceTest.body("modelId", "model_held", "seed", 2));

        Img2ImgResult newer = service.generate(
                RequestParser.parse(GenerateImageServiceTest.body("seed", 3)), Duration.ZERO, ProgressListener.NONE);
        // the keeper no longer waits for the held look-up (starts run on the job's thread, F7): it may have claimed
        // the older job into the free slot already (position 1) or not yet (2); either way the newer one queues
        assertThat(newer.status())
                .as("an older job comes first for the free slot")
                .isEqualTo(JobStatus.QUEUED);
        assertThat(newer.queuePosition()).isIn(1, 2);
        lookUp.countDown();
        for (String jobId : List.of(held, older, newer.jobId())) {
            assertThat(Await.until(
                                    () -> shared.find(jobId).orElseThrow(),
                                    j -> j.state().terminal(),
                                    Duration.ofSeconds(10))
                            .state())
                    .isEqualTo(JobState.SUCCESS);
        }
        // claimed oldest first; the two claimed while a slot was busy may then reach the backend in either order
        assertThat(claims).as("claimed oldest first").containsExactly(held, older, newer.jobId());
        assertThat(backend.submitted).extracting(g -> g.seedText()).containsExactlyInAnyOrder("1", "2", "3");
    }

    /** A job queued by another process of the same backend, as it records it. */
    private String queueDirectly(Map<String, Object> body) {
        var request = RequestParser.parse(body).request();
        String jobId = JobIds.newJobId();
        shared.accept(new NewJob(
                jobId,
                "fake",
                JobState.QUEUED,
                null,
                String.valueOf(body.get("seed")),
                0.0,
                null,
                new java.util.LinkedHashMap<>(RequestTree.of(request)),
                RequestTree.imageBytes(request),
                null,
                null,
                64));
        return jobId;
    }

    private static io.img2img.domain.request.ParsedRequest request() {
        return RequestParser.parse(GenerateImageServiceTest.body("numSamples", 1));
    }
}
