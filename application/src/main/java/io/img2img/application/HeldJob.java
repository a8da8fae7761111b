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
import io.img2img.domain.text.Numbers;

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
            follow(job.backendJobId());
        } else if (job.costLimit() != null && job.price() != null && job.price() > job.costLimit()) {
            write(runner.ledger.finish(job, JobEnd.failure(ErrorCode.COST_OVER_LIMIT.wireName(), "this generation costs "
                    + Numbers.format(job.price()) + " Creative Units, above the limit of " + Numbers.format(job.costLimit())
                    + " recorded when it was accepted; nothing was started")));
        } else if (runner.backend.followInterval() != null) {
            if (write(runner.ledger.markRunning(job))) {
                try {
                    runner.backend.submit(job.jobId(), generation);
                } catch (BackendException e) {
                    write(runner.ledger.finish(job, JobEnd.failure(e.code().wireName(), e.getMessage())));
                    return;
                }
                follow(job.jobId());
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
        follow(sent.jobId());
    }

    /** Follows the backend's job to its end: a local one at a short interval, a remote one on the SPEC §8 schedule. */
    private void follow(String backendJobId) {
        Duration local = runner.backend.followInterval();
        Duration interval = local != null ? local : JobTracker.FIRST_POLL;
        Duration scheduled = interval;
        try {
            while (!stopping) {
                runner.clock.sleep(interval);
                Duration hint = null;
                try {
                    JobSnapshot snapshot = runner.backend.poll(backendJobId);
                    if (snapshot.status().terminal()) {
                        end(snapshot);
                        return;
                    }
                    if (snapshot.progress() > job.progress() && !write(runner.ledger.recordProgress(job,
                            Math.min(1, snapshot.progress()), List.of()))) {
                        runner.backend.stop(job.jobId());
                        return;
                    }
                    hint = snapshot.retryAfter();
                } catch (BackendException e) {
                    if (e.code() == ErrorCode.UNKNOWN_JOB || e.code() == ErrorCode.UPSTREAM_AUTH) {
                        write(runner.ledger.finish(job, JobEnd.failure(e.code().wireName(), e.getMessage())));
                        return;
                    }
                    hint = e.retryAfter(); // the job runs on regardless: keep following
                }
                if (local == null) { // a retry hint replaces one interval, not the schedule
                    scheduled = JobTracker.nextInterval(scheduled);
                    interval = hint != null && hint.compareTo(scheduled) > 0 ? hint : scheduled;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void end(JobSnapshot snapshot) {
        if (stopping) {
            return; // the process is stopping: the job was released to the ledger, another process runs it again
        }
        Img2ImgResult done = runner.assets.ended(LedgerResults.of(job, runner.backend.name()), snapshot);
        JobEnd end;
        if (snapshot.status() == JobStatus.SUCCESS) {
            end = new JobEnd(JobState.SUCCESS, done.images(), done.error() == null ? null : done.error().code().wireName(),
                    done.error() == null ? null : done.error().message());
        } else if (snapshot.status() == JobStatus.CANCELED) {
            end = JobEnd.canceled(done.error().message());
        } else {
            end = JobEnd.failure(ErrorCode.JOB_FAILED.wireName(), done.error().message());
        }
        write(runner.ledger.finish(job, end));
    }

    /** Keeps the job's next version and announces it; false when the write was refused (lease lost, canceled). */
    private boolean write(Optional<LedgerJob> next) {
        runner.changes.announce();
        next.ifPresent(j -> job = j);
        return next.isPresent();
    }
}
