package io.img2img.application.job;

import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.JobState;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ProducedImage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Following a held job at its backend until it ends, every change written to the ledger: a local job at the
 * backend's short interval, a remote one on the SPEC §8 polling schedule (a retry hint replaces one interval).
 */
final class JobFollower {
    private JobFollower() {}

    /** Follows the backend's job to its end: a local one at a short interval, a remote one on the SPEC §8 schedule. */
    static void follow(HeldJob run, JobRunner runner, String backendJobId) {
        Duration local = runner.backend.followInterval();
        Duration interval = local != null ? local : JobTracker.FIRST_POLL;
        Duration scheduled = interval;
        try {
            while (!run.isStopping()) {
                runner.clock.sleep(interval);
                Duration hint = null;
                try {
                    JobSnapshot snapshot = runner.backend.poll(backendJobId);
                    if (snapshot.status().terminal()) {
                        end(run, runner, snapshot);
                        return;
                    }
                    List<ProducedImage> saved = runner.assets.notYetRecorded(run.current(), snapshot.assetIds());
                    if ((snapshot.progress() > run.current().progress() || !saved.isEmpty())
                            && !run.persist(() -> runner.ledger.recordProgress(
                                    run.current(), Math.min(1, snapshot.progress()), saved))) {
                        runner.backend.stop(run.current().jobId());
                        return;
                    }
                    hint = snapshot.retryAfter();
                } catch (BackendException e) {
                    if (e.code() == ErrorCode.UNKNOWN_JOB || e.code() == ErrorCode.UPSTREAM_AUTH) {
                        run.persist(() -> runner.ledger.finish(
                                run.current(), JobEnd.failure(e.code().wireName(), e.getMessage())));
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

    private static void end(HeldJob run, JobRunner runner, JobSnapshot snapshot) {
        if (run.isStopping()) {
            return; // the process is stopping: the job was released to the ledger, another process runs it again
        }
        Img2ImgResult done = runner.assets.ended(LedgerResults.of(run.current(), runner.backend.name()), snapshot);
        JobEnd end;
        if (snapshot.status() == JobStatus.SUCCESS) { // the images recorded while it ran are kept, not recorded twice
            Set<String> recorded =
                    run.current().images().stream().map(ProducedImage::assetId).collect(Collectors.toSet());
            List<ProducedImage> rest = done.images().stream()
                    .filter(i -> !recorded.contains(i.assetId()))
                    .toList();
            end = new JobEnd(
                    JobState.SUCCESS,
                    rest,
                    done.error() == null ? null : done.error().code().wireName(),
                    done.error() == null ? null : done.error().message());
        } else if (snapshot.status() == JobStatus.CANCELED) { // the images it produced before are kept
            end = new JobEnd(
                    JobState.CANCELED,
                    runner.assets.notYetRecorded(run.current(), snapshot.assetIds()),
                    JobLedger.CANCELED_CODE,
                    done.error().message());
        } else {
            end = JobEnd.failure(ErrorCode.JOB_FAILED.wireName(), done.error().message());
        }
        JobEnd ending = end;
        run.persist(() -> runner.ledger.finish(run.current(), ending));
    }
}
