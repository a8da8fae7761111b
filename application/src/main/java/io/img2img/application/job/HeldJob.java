package io.img2img.application.job;

import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.SubmittedJob;
import io.img2img.application.request.MoneyGuard;
import io.img2img.domain.request.Generation;
import io.img2img.domain.result.ErrorCode;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One held job's run, every move committed to the ledger before the work it announces (SPEC §10): a remote
 * job {@code submitting} before the paid POST and {@code submitted} with the backend's id right after; a local
 * one {@code running}. Writes are compare-and-set: when one is refused the lease was lost (or the job canceled)
 * and the run stops; a local run at the next sample. A write the ledger fails is retried with backoff for up to
 * a lease ({@link #persist}); the backend's job id, once known, for as long as the process lives.
 */
final class HeldJob {
    private static final System.Logger LOG = System.getLogger(HeldJob.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

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
     * The run failed unexpectedly; its slot is given back, so the job is no longer renewed. What the job becomes
     * (JobPolicy): a POST that may have left makes it outcome-unknown (here, or by the sweep when the ledger is
     * failing); a submitted job is handed over, never ended — Scenario runs it, another holder (or this process,
     * after the lease) follows it to its real end; a claimed or local job whose ledger failed is left to the sweep
     * (queued again, or run again); any other failure ends it as an internal failure.
     */
    void abandon(RuntimeException cause) {
        if (runner.backend.followInterval() != null) {
            runner.backend.stop(job.jobId()); // a local render never outlives its run (F13)
        }
        if (stopping || job.state().terminal() || followed(job.state())) {
            return;
        }
        try {
            if (job.state() == JobState.SUBMITTING) {
                write(runner.ledger.markOutcomeUnknown(
                        job, "the run stopped unexpectedly while its request may " + "have reached the backend"));
            } else if (!(cause instanceof LedgerUnavailableException)) {
                write(runner.ledger.finish(
                        job,
                        JobEnd.failure(
                                ErrorCode.INTERNAL.wireName(), "the run stopped unexpectedly: " + cause.getMessage())));
            }
        } catch (RuntimeException e) {
            // the ledger is failing: the job is no longer renewed, the sweep takes it when its lease runs out
        }
    }

    /** A job the backend runs, followed to its end: submitted, or canceling (its cancel asked of the backend). */
    static boolean followed(JobState state) {
        return state == JobState.SUBMITTED || state == JobState.CANCELING;
    }

    void run() {
        if (followed(job.state())) {
            JobFollower.follow(this, runner, job.backendJobId());
        } else if (MoneyGuard.refuses(job.price(), job.costLimit())) {
            persist(() -> runner.ledger.finish(
                    job,
                    JobEnd.failure(
                            ErrorCode.COST_OVER_LIMIT.wireName(),
                            MoneyGuard.refusal(job.price(), job.costLimit())
                                    + " (the limit recorded when it was accepted)")));
        } else if (runner.backend.followInterval() != null) {
            if (persist(() -> runner.ledger.markRunning(job))) {
                try {
                    runner.backend.submit(job.jobId(), generation);
                } catch (BackendException e) {
                    persist(() ->
                            runner.ledger.finish(job, JobEnd.failure(e.code().wireName(), e.getMessage())));
                    return;
                }
                JobFollower.follow(this, runner, job.jobId());
            }
        } else if (persist(() -> runner.ledger.markSubmitting(job))) {
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
            runner.credentialsRefused = e.code() == ErrorCode.UPSTREAM_AUTH; // readiness reports it
            if (JobPolicy.provesNothingStarted(e.code())) {
                if (e.retryAfter() != null) {
                    runner.refusedRetryAfter.put(job.jobId(), e.retryAfter());
                }
                persist(() -> runner.ledger.finish(job, JobEnd.failure(e.code().wireName(), e.getMessage())));
            } else { // the job may have started at the backend: never sent again (SPEC §8)
                persist(() -> runner.ledger.markOutcomeUnknown(job, JobPolicy.mayHaveStarted(e)));
            }
            return;
        }
        posting = false;
        runner.credentialsRefused = false;
        if (!recordSubmitted(sent)) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "job {0} submitted as backend job {1}", job.jobId(), sent.jobId());
        JobFollower.follow(this, runner, sent.jobId());
    }

    /**
     * Records the backend's job id: retried while the ledger fails, for as long as the process lives (the job is
     * paid; its id is the only way to its images). False when the lease ended meanwhile (the job is
     * outcome-unknown: the id is kept with it as a late answer, so it can still be followed).
     */
    private boolean recordSubmitted(SubmittedJob sent) {
        LedgerJob before = job;
        Optional<LedgerJob> next =
                retrying(() -> runner.ledger.markSubmitted(before, sent.jobId(), sent.creativeUnitsCost()), null);
        if (next.isEmpty()) { // a write that failed may still have committed: the row says
            Optional<LedgerJob> row = retrying(() -> runner.ledger.find(before.jobId()), null);
            if (row.isPresent()
                    && row.get().state() == JobState.SUBMITTED
                    && runner.holder.equals(row.get().holder())
                    && sent.jobId().equals(row.get().backendJobId())) {
                next = row;
            }
        }
        if (write(next)) {
            return true;
        }
        // the row moved: a sweep ended it, or its submitting commit was lost (F3). Either way it was POSTed: fenced
        // as outcome-unknown with the backend's id, whatever its version, so no process ever sends it again
        retrying(
                () -> runner.ledger.fencePosted(
                        before.jobId(),
                        sent.jobId(),
                        "the backend accepted the generation " + "request (its job " + sent.jobId()
                                + ") but the ledger had lost this job's record of sending it"),
                null);
        runner.changes.announce();
        return false;
    }

    /**
     * A holder write, retried with backoff while the ledger fails, for up to {@link JobRunner#patience} (a lease):
     * then it throws and the run is abandoned. True when the write passed; false when it was refused.
     */
    boolean persist(Supplier<Optional<LedgerJob>> holderWrite) {
        if (write(retrying(holderWrite, runner.patience))) {
            return true;
        }
        return cancelRequested() && write(retrying(holderWrite, runner.patience));
    }

    /**
     * After a refused write of a submitted job: whether a caller asked for its cancel meanwhile ({@code submitted →
     * canceling}, holder and lease kept, SPEC §6). Then the row is the job's from now on (the write is tried again on
     * it) and the job is followed on; false when the job moved otherwise (the lease was lost).
     */
    private boolean cancelRequested() {
        if (job.state() != JobState.SUBMITTED) {
            return false;
        }
        Optional<LedgerJob> row = retrying(() -> runner.ledger.find(job.jobId()), runner.patience);
        if (row.isPresent()
                && row.get().state() == JobState.CANCELING
                && runner.holder.equals(row.get().holder())) {
            job = row.get();
            return true;
        }
        return false;
    }

    /** {@code call}, again after each {@link LedgerUnavailableException} until {@code patience} ({@code null}: no end). */
    private <T> T retrying(Supplier<T> call, Duration patience) {
        long deadline = patience == null ? Long.MAX_VALUE : System.nanoTime() + patience.toNanos();
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                return call.get();
            } catch (LedgerUnavailableException e) {
                if (System.nanoTime() - deadline > 0 || (stopping && patience != null)) {
                    throw e;
                }
                try {
                    Thread.sleep(backoff.toMillis()); // real time: the ledger's recovery, not the backend's schedule
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Keeps the job's next version and announces it; false when the write was refused (lease lost, canceled). */
    boolean write(Optional<LedgerJob> next) {
        next.ifPresentOrElse(
                j -> {
                    job = j;
                    runner.changes.announce(j);
                },
                runner.changes::announce);
        return next.isPresent();
    }
}
