package io.img2img.adapter.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.testkit.MemoryJobLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each metric's meaning (issue #23): a job taken through each state by the engine's own ledger calls moves exactly
 * the counters it should, and no other.
 */
class MeteredLedgerTest {
    private static final String SCENARIO = "scenario https://api.example.test/v1 key:5f2b";
    private static final String HOLDER = "holder_a";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MemoryJobLedger memory = new MemoryJobLedger();
    private final JobLedger ledger = MeteredLedger.wrap(memory, new JobMetrics(registry, "scenario"));

    @Test
    void aPaidJobThatSucceedsCountsOneAcceptanceOnePostItsPricesAndOneSuccess() {
        Map<String, Double> before = counters();
        LedgerJob job = ledger.accept(claimed(5.0)).job();
        job = ledger.markSubmitting(job).orElseThrow();
        job = ledger.markSubmitted(job, "backend_1", 4.0).orElseThrow();
        job = ledger.recordProgress(job, 0.5, List.of()).orElseThrow();
        assertThat(ledger.finish(job, JobEnd.success(List.of()))).isPresent();

        assertThat(moved(before))
                .isEqualTo(Map.of(
                        "img2img.jobs.accepted{backend=scenario}", 1.0,
                        "img2img.creative.units.priced{}", 5.0,
                        "img2img.paid.posts{backend=scenario}", 1.0,
                        "img2img.creative.units.billed{}", 4.0,
                        "img2img.jobs.ended{backend=scenario,error_code=none,state=success}", 1.0));
        assertThat(timer("accept").count()).isEqualTo(1);
        assertThat(timer("finish").count()).isEqualTo(1);
    }

    @Test
    void aQueuedJobCanceledCountsItsAcceptanceAndOneCancelNoPost() {
        LedgerJob job = ledger.accept(queued()).job();
        Map<String, Double> before = counters();
        ledger.cancel(job.jobId());
        ledger.cancel(job.jobId()); // already ended: nothing more
        assertThat(moved(before))
                .isEqualTo(Map.of("img2img.jobs.ended{backend=scenario,error_code=job-canceled,state=canceled}", 1.0));
    }

    @Test
    void aRefusedPostIsAFailureWithItsCodeAndALostAnswerIsOutcomeUnknown() {
        LedgerJob refused =
                ledger.markSubmitting(ledger.accept(claimed(null)).job()).orElseThrow();
        LedgerJob lost =
                ledger.markSubmitting(ledger.accept(claimed(null)).job()).orElseThrow();
        Map<String, Double> before = counters();
        ledger.finish(refused, JobEnd.failure("upstream-rejected", "bad prompt"));
        ledger.markOutcomeUnknown(lost, "the answer was lost");
        assertThat(moved(before))
                .isEqualTo(Map.of(
                        "img2img.jobs.ended{backend=scenario,error_code=upstream-rejected,state=failure}", 1.0,
                        "img2img.jobs.ended{backend=scenario,error_code=outcome-unknown,state=outcome_unknown}", 1.0));
    }

    @Test
    void aWriteTheLedgerRefusesCountsNothing() {
        LedgerJob job = ledger.accept(claimed(null)).job();
        assertThat(ledger.markSubmitting(job)).isPresent();
        Map<String, Double> before = counters();
        assertThat(ledger.markSubmitting(job)).isEmpty(); // a stale version: the lease was lost
        assertThat(ledger.finish(job, JobEnd.failure("internal", "x"))).isEmpty();
        assertThat(moved(before)).isEmpty();
    }

    @Test
    void aSweepCountsWhatItTookBackAndTheJobsItEndedATakeoverCountsOnce() {
        LedgerJob claimed = ledger.accept(claimed(null)).job();
        LedgerJob submitting =
                ledger.markSubmitting(ledger.accept(claimed(null)).job()).orElseThrow();
        LedgerJob submitted = ledger.markSubmitted(
                        ledger.markSubmitting(ledger.accept(claimed(null)).job())
                                .orElseThrow(),
                        "backend_2",
                        null)
                .orElseThrow();
        memory.expireLease(claimed.jobId());
        memory.expireLease(submitting.jobId());
        memory.expireLease(submitted.jobId());
        Map<String, Double> before = counters();
        ledger.sweepExpiredLeases();
        assertThat(ledger.takeOverSubmitted(SCENARIO, "holder_b")).isPresent();
        assertThat(ledger.takeOverSubmitted(SCENARIO, "holder_b")).isEmpty();
        assertThat(moved(before))
                .isEqualTo(Map.of(
                        "img2img.sweep.jobs{outcome=requeued}", 1.0,
                        "img2img.sweep.jobs{outcome=outcome_unknown}", 1.0,
                        "img2img.jobs.ended{backend=scenario,error_code=outcome-unknown,state=outcome_unknown}", 1.0,
                        "img2img.lease.takeovers{}", 1.0));
    }

    @Test
    void anIdempotentRepeatIsNoNewAcceptance() {
        NewJob keyed =
                new NewJob(id(), SCENARIO, JobState.CLAIMED, HOLDER, "7", 5.0, null, Map.of(), null, "key-1", "fp", 0);
        ledger.accept(keyed);
        Map<String, Double> before = counters();
        ledger.accept(
                new NewJob(id(), SCENARIO, JobState.CLAIMED, HOLDER, "7", 5.0, null, Map.of(), null, "key-1", "fp", 0));
        assertThat(moved(before)).isEmpty();
    }

    @Test
    void aLedgerThatFailsIsCountedByOperationAndItsErrorPassesUnchanged() {
        memory.unavailable = true;
        assertThatThrownBy(() -> ledger.queuedCount(SCENARIO)).isInstanceOf(LedgerUnavailableException.class);
        assertThatThrownBy(() -> ledger.changeCount()).isInstanceOf(LedgerUnavailableException.class);
        assertThatThrownBy(() -> ledger.changeCount()).isInstanceOf(LedgerUnavailableException.class);
        assertThat(failures("queuedCount")).isEqualTo(1);
        assertThat(failures("changeCount")).isEqualTo(2);
        assertThat(timer("changeCount").count()).isEqualTo(2);
        memory.unavailable = false;
        ledger.changeCount();
        assertThat(failures("changeCount")).isEqualTo(2);
        assertThat(timer("changeCount").count()).isEqualTo(3);
    }

    private NewJob claimed(Double price) {
        return new NewJob(id(), SCENARIO, JobState.CLAIMED, HOLDER, "42", price, null, Map.of(), null, null, null, 0);
    }

    private NewJob queued() {
        return new NewJob(
                id(), SCENARIO, JobState.QUEUED, null, "42", 5.0, null, Map.of(), new byte[] {1}, null, null, 64);
    }

    private static String id() {
        return "job_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    }

    private Timer timer(String operation) {
        return registry.get("img2img.ledger.calls").tag("operation", operation).timer();
    }

    private double failures(String operation) {
        return registry.get("img2img.ledger.failures")
                .tag("operation", operation)
                .counter()
                .count();
    }

    /** Every counter of the job meters, by name and tags. */
    private Map<String, Double> counters() {
        Map<String, Double> all = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            if (meter instanceof Counter c && !meter.getId().getName().startsWith("img2img.ledger.")) {
                StringBuilder key = new StringBuilder(meter.getId().getName()).append('{');
                meter.getId()
                        .getTags()
                        .forEach(t -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",")
                                .append(t.getKey())
                                .append('=')
                                .append(t.getValue()));
                all.put(key.append('}').toString(), c.count());
            }
        }
        return all;
    }

    /** The counters that moved since {@code before}, by how much. */
    private Map<String, Double> moved(Map<String, Double> before) {
        Map<String, Double> moved = new TreeMap<>();
        counters().forEach((name, now) -> {
            double delta = now - before.getOrDefault(name, 0.0);
            if (delta != 0) {
                moved.put(name, delta);
            }
        });
        return moved;
    }
}
