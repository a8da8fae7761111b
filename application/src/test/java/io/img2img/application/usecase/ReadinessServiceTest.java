package io.img2img.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.job.JobEngine;
import io.img2img.application.port.in.CheckReadiness.Readiness;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.testkit.FakeBackend;
import io.img2img.application.testkit.InstantClock;
import io.img2img.application.testkit.MemoryAssetStore;
import io.img2img.application.testkit.MemoryJobLedger;
import io.img2img.application.testkit.PngHeaderCodec;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Readiness (issue #23): the ledger answers within the bound, or the node is not ready and says why. */
class ReadinessServiceTest {
    private final MemoryJobLedger ledger = new MemoryJobLedger();

    private JobEngine engine(JobLedger on) {
        return JobEngine.create(
                on,
                new FakeBackend(),
                id -> java.util.Optional.empty(),
                new PngHeaderCodec(),
                new MemoryAssetStore(),
                new InstantClock(),
                ServicePolicy.defaults(),
                LedgerPolicy.defaults());
    }

    @Test
    void readyWhileTheLedgerAnswersNotReadyWithTheReasonWhileItFails() {
        ReadinessService readiness = new ReadinessService(engine(ledger));
        assertThat(readiness.check()).isEqualTo(Readiness.ok());

        ledger.unavailable = true;
        Readiness down = readiness.check();
        assertThat(down.ready()).isFalse();
        assertThat(down.reasons()).singleElement().asString().startsWith("the job ledger is unreachable: ");

        ledger.unavailable = false;
        assertThat(readiness.check().ready()).isTrue();
    }

    @Test
    void aLedgerThatHangsMakesTheCheckNotReadyWithinTheBoundAndChecksDoNotPileUpOnIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger probes = new AtomicInteger();
        JobLedger hanging = (JobLedger) Proxy.newProxyInstance(
                JobLedger.class.getClassLoader(), new Class<?>[] {JobLedger.class}, (proxy, method, args) -> {
                    if (method.getName().equals("changeCount")) {
                        if (Thread.currentThread().getName().equals("img2img-readiness")) {
                            probes.incrementAndGet(); // not the keeper's own polls
                        }
                        release.await();
                    }
                    if (method.getName().equals("announcesChangesElsewhere")) {
                        return false;
                    }
                    return method.invoke(ledger, args);
                });
        JobEngine jobs = engine(hanging);
        ReadinessService readiness = new ReadinessService(jobs, Duration.ofMillis(200));
        long start = System.nanoTime();
        Readiness first = readiness.check();
        Readiness second = readiness.check();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(first.ready()).isFalse();
        assertThat(first.reasons()).isEqualTo(List.of("the job ledger did not answer within 200 ms"));
        assertThat(second.ready()).isFalse();
        assertThat(probes.get()).as("one probe in flight at a time").isEqualTo(1);
        release.countDown();
    }
}
