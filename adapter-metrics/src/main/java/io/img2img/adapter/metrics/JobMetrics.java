package io.img2img.adapter.metrics;

import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.SweepResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The job and ledger meters of one node. Labels are bounded: the node's backend ({@code scenario} or
 * {@code local}), a job state, an error code of the catalogue, a ledger operation (a method of the port) — never a
 * job id, a prompt or a URL.
 */
final class JobMetrics {
    private final MeterRegistry registry;
    private final String backend;
    private final Counter accepted;
    private final Counter paidPosts;
    private final Counter takeovers;
    private final Counter priced;
    private final Counter billed;

    JobMetrics(MeterRegistry registry, String backend) {
        this.registry = registry;
        this.backend = backend;
        this.accepted = Counter.builder("img2img.jobs.accepted")
                .description("Jobs this node accepted into the ledger (run at once or queued)")
                .tag("backend", backend)
                .register(registry);
        this.paidPosts = Counter.builder("img2img.paid.posts")
                .description("Paid generation requests this node sent to the backend (one per submitting commit)")
                .tag("backend", backend)
                .register(registry);
        this.takeovers = Counter.builder("img2img.lease.takeovers")
                .description("Submitted jobs this node took over after their holder's lease expired")
                .register(registry);
        this.priced = Counter.builder("img2img.creative.units.priced")
                .description("Creative Units of the prices recorded with the jobs this node accepted (dry-run price)")
                .register(registry);
        this.billed = Counter.builder("img2img.creative.units.billed")
                .description("Creative Units the backend billed for the jobs this node submitted")
                .register(registry);
        for (String outcome : new String[] {"requeued", "outcome_unknown", JobLedger.INTERRUPTED_CODE}) {
            swept(outcome);
        }
        ended(JobState.OUTCOME_UNKNOWN, JobLedger.OUTCOME_UNKNOWN_CODE); // present at 0 for the alert's increase()
    }

    void accepted(Double price) {
        accepted.increment();
        if (price != null) {
            priced.increment(price);
        }
    }

    void paidPostSent() {
        paidPosts.increment();
    }

    void billed(Double units) {
        if (units != null) {
            billed.increment(units);
        }
    }

    void takenOver() {
        takeovers.increment();
    }

    void ended(LedgerJob job) {
        ended(job.state(), job.errorCode()).increment();
    }

    /** A sweep's work: its counts by outcome, and the jobs it ended among the ended jobs. */
    void swept(SweepResult result) {
        swept("requeued").increment(result.requeued());
        swept("outcome_unknown").increment(result.outcomeUnknown());
        swept(JobLedger.INTERRUPTED_CODE).increment(result.interrupted());
        ended(JobState.OUTCOME_UNKNOWN, JobLedger.OUTCOME_UNKNOWN_CODE).increment(result.outcomeUnknown());
        ended(JobState.FAILURE, JobLedger.INTERRUPTED_CODE).increment(result.interrupted());
    }

    void ledgerCall(String operation, long nanos) {
        Timer.builder("img2img.ledger.calls")
                .description("Job ledger calls by operation (the port's method), failed ones included")
                .tag("operation", operation)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void ledgerFailure(String operation) {
        Counter.builder("img2img.ledger.failures")
                .description("Job ledger calls that failed because the ledger was unavailable, by operation")
                .tag("operation", operation)
                .register(registry)
                .increment();
    }

    private Counter ended(JobState state, String errorCode) {
        return Counter.builder("img2img.jobs.ended")
                .description("Jobs whose end this node recorded, by end state and error code")
                .tag("backend", backend)
                .tag("state", state.name().toLowerCase(Locale.ROOT))
                .tag("error_code", errorCode == null ? "none" : errorCode)
                .register(registry);
    }

    private Counter swept(String outcome) {
        return Counter.builder("img2img.sweep.jobs")
                .description("Jobs this node's sweeps of expired leases took back, by what they became")
                .tag("outcome", outcome)
                .register(registry);
    }
}
