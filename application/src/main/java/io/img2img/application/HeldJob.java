package io.img2img.application;

import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.SubmittedJob;
import io.img2img.domain.request.Generation;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One held job's run, every move committed to the ledger before the work it announces (SPEC §10): a remote
 * job {@code submitting} before the paid POST and {@code submitted} with the backend's id right after; a local
 * one {@code running}. Writes are compare-and-set: when one is refused the lease was lost (or the job canceled)
 * and the run stops; a local run at the next sample.
 */
final class HeldJob {
    private final JobRunner runner;
    private final Generation generation;
    private volatile LedgerJob job;
    private volatile boolean posting;
    private volatile boolean stopping;

    HeldJob(JobRunner runner, LedgerJob job, Generation generation) {
        this.runner = runner;
        this.job = job;
        this.generation = generation;
    }

    LedgerJob current() {
        return job;
    }

    boolean posting() {
        return posting;
    }

    void stopping() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }

    /**
     * The run failed unexpectedly: the job must not stay held (the heartbeat would keep it forever). A POST that may
     * have left makes it outcome-unknown; anything else ends it as an internal failure.
     */
    void abandon(RuntimeException cause) {
        try {
            if (stopping || job.state().terminal()) {
                return;
            }
            write(job.state() == JobState.SUBMITTING ? runner.ledger.markOutcomeUnknown(job, "the run stopped unexpectedly")
                    : runner.ledger.finish(job, JobEnd.failure(ErrorCode.INTERNAL.wireName(), "the run stopped unexpectedly: "
                    + cause.getMessage())));
        } catch (RuntimeException e) {
            // the ledger itself is failing: the lease runs out and a sweep takes the job back
        }
    }

    void run() {
        if (job.state() == JobState.SUBMITTED) {
            JobFollower.follow(this, runner, job.backendJobId());
        } else if (MoneyGuard.refuses(job.price(), job.costLimit())) {
            write(runner.ledger.finish(job, JobEnd.failure(ErrorCode.COST_OVER_LIMIT.wireName(),
                    MoneyGuard.refusal(job.price(), job.costLimit()) + " (the limit recorded when it was accepted)")));
        } else if (runner.backend.followInterval() != null) {
            if (write(runner.ledger.markRunning(job))) {
                try {
                    runner.backend.submit(job.jobId(), generation);
                } catch (BackendException e) {
                    write(runner.ledger.finish(job, JobEnd.failure(e.code().wireName(), e.getMessage())));
                    return;
                }
                JobFollower.follow(this, runner, job.jobId());
            }
        } else if (write(runner.ledger.markSubmitting(job))) {
            submit();
        }
    }

    private void submit() {
        SubmittedJob sent;
        posting = true;
        try {
            sent = runner.backend.submit(job.jobId(), generation);
        } catch (BackendException e) {
            posting = false;
            if (e.code() == ErrorCode.JOB_MAY_HAVE_STARTED) {
                write(runner.ledger.markOutcomeUnknown(job, e.getMessage()));
            } else { // the backend provably started nothing
                if (e.retryAfter() != null) {
                    runner.refusedRetryAfter.put(job.jobId(), e.retryAfter());
                }
                write(runner.ledger.finish(job, JobEnd.failure(e.code().wireName(), e.getMessage())));
            }
            return;
        }
        posting = false;
        if (!write(runner.ledger.markSubmitted(job, sent.jobId(), sent.creativeUnitsCost()))) {
            // the lease ended while the POST was out (the job is outcome-unknown): keep the id so it can be followed
            runner.ledger.recordLateBackendJobId(job.jobId(), sent.jobId());
            runner.changes.announce();
            return;
        }
        JobFollower.follow(this, runner, sent.jobId());
    }

    /** Keeps the job's next version and announces it; false when the write was refused (lease lost, canceled). */
    boolean write(Optional<LedgerJob> next) {
        next.ifPresentOrElse(j -> {
            job = j;
            runner.changes.announce(j);
        }, runner.changes::announce);
        return next.isPresent();
    }
}
