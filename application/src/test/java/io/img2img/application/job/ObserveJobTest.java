package io.img2img.application.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.port.in.ObserveJob;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.application.testkit.Await;
import io.img2img.application.testkit.InstantClock;
import io.img2img.application.testkit.MemoryAssetStore;
import io.img2img.application.testkit.MemoryJobLedger;
import io.img2img.application.testkit.PngHeaderCodec;
import io.img2img.application.usecase.GenerateImageService;
import io.img2img.application.usecase.JobListService;
import io.img2img.domain.model.Model;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What job event streams read without waiting: the job now, images held at a version, change callbacks. */
class ObserveJobTest {
    private final MemoryJobLedger ledger = new MemoryJobLedger();
    private final ModelCatalog catalog =
            id -> Optional.of(new Model(id, "sd-xl", "trained", List.of("img2img"), false, List.of()));

    @Test
    void everyWriteOfThisProcessCallsTheListenersUntilTheyUnsubscribe() throws Exception {
        ScriptedBackend backend = new ScriptedBackend();
        backend.then(JobSnapshot.succeeded(List.of("asset_a", "asset_b")));
        JobEngine jobs = JobEngine.create(
                ledger,
                backend,
                catalog,
                new PngHeaderCodec(),
                new MemoryAssetStore(),
                new InstantClock(),
                ServicePolicy.defaults(),
                LedgerPolicy.defaults());
        ObserveJob observe = new JobListService(jobs);
        AtomicInteger calls = new AtomicInteger();
        AutoCloseable subscription = observe.onChange(calls::incrementAndGet);
        long markBefore = observe.changeMark();
        Img2ImgResult done = new GenerateImageService(
                        backend, catalog, new PngHeaderCodec(), jobs, ServicePolicy.defaults(), () -> 42)
                .generate(
                        RequestParser.parse(GenerateImageServiceTest.body("numSamples", 2)),
                        null,
                        Duration.ofSeconds(10),
                        ProgressListener.NONE);
        assertThat(done.status()).isEqualTo(JobStatus.SUCCESS);
        // the ledger counts every write; the last write's listeners may run just after its waiter is answered
        long writes = observe.changeMark() - markBefore;
        assertThat(writes).as("accept, claim, submit, run, images, finish").isGreaterThanOrEqualTo(4);
        int heard = Await.until(calls::get, c -> c >= writes, Duration.ofSeconds(10));
        assertThat(heard).as("listener calls for %d writes", writes).isGreaterThanOrEqualTo((int) writes);

        ObserveJob.Moment now = observe.now(done.jobId()).orElseThrow();
        assertThat(now.ended()).isTrue();
        assertThat(now.queuePosition()).isNull();
        assertThat(now.result().images()).hasSize(2);
        assertThat(observe.imagesAt(done.jobId(), now.version())).isEqualTo(2);
        assertThat(observe.imagesAt(done.jobId(), 1)).isZero();
        assertThat(observe.now("job_never_seen")).isEmpty();

        subscription.close();
        int before = calls.get();
        jobs.queued(); // an announcement no longer reaches the closed subscription
        assertThat(calls.get()).isEqualTo(before);
    }
}
