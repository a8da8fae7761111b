package io.img2img.application.job;

import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.request.ReferenceFit;
import io.img2img.application.request.RequestValidator;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.application.port.out.NewJob;
import io.img2img.domain.request.Generation;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.ResultError;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The jobs of this process as the ledger holds them: what the use cases share to record, run and wait for jobs
 * (the ledger, the {@link JobRunner}, the {@link LedgerKeeper} and the {@link JobChanges} waiters wake on).
 */
public final class LedgerJobs {
    /** Codes of a job that ended before anything was started at the backend: its caller gets the error itself. */
    private static final Set<String> REFUSED_BEFORE_START = Set.of(ErrorCode.UPSTREAM_REJECTED.wireName(),
            ErrorCode.UPSTREAM_AUTH.wireName(), ErrorCode.UPSTREAM_RATE_LIMITED.wireName(),
            ErrorCode.UPSTREAM_FAILURE.wireName(), ErrorCode.UPSTREAM_TIMEOUT.wireName(),
            ErrorCode.COST_OVER_LIMIT.wireName(), ErrorCode.INTERNAL.wireName());

    private final JobLedger ledger;
    private final String backendName;
    private final JobRunner runner;
    private final LedgerKeeper keeper;
    private final JobChanges changes;
    private final LedgerPolicy policy;

    private LedgerJobs(JobLedger ledger, String backendName, JobRunner runner, LedgerKeeper keeper, JobChanges changes,
                       LedgerPolicy policy) {
        this.ledger = ledger;
        this.backendName = backendName;
        this.runner = runner;
        this.keeper = keeper;
        this.changes = changes;
        this.policy = policy;
    }

    public static LedgerJobs create(JobLedger ledger, ImageBackend backend, ModelCatalog catalog, ImageCodec codec,
                                    AssetStore store, Clock clock, ServicePolicy servicePolicy, LedgerPolicy policy) {
        JobChanges changes = new JobChanges();
        JobRunner runner = new JobRunner(ledger, backend, store, clock, changes, servicePolicy.maxConcurrentJobs(),
                policy.lease());
        LedgerKeeper keeper = new LedgerKeeper(ledger, runner, new ClaimedGeneration(ledger,
                new RequestValidator(catalog, codec, servicePolicy), new ReferenceFit(backend, codec)), policy);
        LedgerJobs jobs = new LedgerJobs(ledger, backend.name(), runner, keeper, changes, policy);
        if (ledger.announcesChangesElsewhere(jobs::changedElsewhere)) { // part of the port, not wired around it
            keeper.othersAnnounceTheirChanges();
            changes.othersAnnounce();
        }
        return jobs;
    }

    public LedgerKeeper keeper() {
        return keeper;
    }

    public JobLedger ledger() {
        return ledger;
    }

    JobRunner runner() {
        return runner;
    }

    public JobChanges changes() {
        return changes;
    }

    public LedgerPolicy policy() {
        return policy;
    }

    public String backendName() {
        return backendName;
    }

    /** The first use of the ledger in this process: from now on it is kept (a no-op once started). */
    public void open() {
        keeper.start();
    }

    /**
     * Records a job and starts it (SPEC §10 "The queue"): claimed at once into a free slot of this process when no
     * older job of its backend waits (a new job never jumps the queue), else queued for the first free slot of any
     * process. The slot is given back on every path that does not start the job.
     */
    public Acceptance accept(JobDraft draft, Generation generation) {
        open();
        Slot slot = ledger.queuedCount(draft.backendIdentity()) == 0 ? runner.takeSlot().orElse(null) : null;
        boolean claimed = slot != null;
        NewJob job = new NewJob(draft.jobId(), draft.backendIdentity(), claimed ? JobState.CLAIMED : JobState.QUEUED,
                claimed ? runner.holder() : null, draft.seed(), draft.price(), draft.costLimit(), draft.request(),
                draft.referenceImage(), draft.idempotencyKey(), draft.fingerprint(), claimed ? 0 : policy.maxQueuedJobs(),
                draft.notes(), draft.client(),
                claimed || draft.client() == null ? 0 : policy.maxQueuedJobsPerClient()); // a client's fair share
        try {
            Acceptance acceptance = ledger.accept(job);
            if (acceptance.outcome() == Acceptance.Outcome.ACCEPTED) {
                if (claimed) {
                    runner.start(acceptance.job(), generation, slot); // the slot is the job's now
                    slot = null;
                } else {
                    queued();
                }
            }
            return acceptance;
        } finally {
            if (slot != null) {
                slot.close();
            }
        }
    }

    /** Cancels a job (SPEC §6): a local run of it in this process stops at its next sample. */
    public CancelOutcome cancel(String jobId) {
        open();
        CancelOutcome outcome = ledger.cancel(jobId);
        if (outcome.kind() == CancelOutcome.Kind.CANCELED) {
            runner.stopIfRunning(jobId);
            changes.announce();
        }
        return outcome;
    }

    /**
     * Another process changed the shared ledger (PostgreSQL's announcements): waiters and event streams read
     * it again, and a free slot claims the work that may be waiting.
     */
    public void changedElsewhere() {
        changes.announce();
        keeper.claimSoon();
    }

    void queued() {
        changes.announce();
        keeper.claimSoon();
    }

    /**
     * The job once it has ended, or as it is when the budget ends. For the caller whose request made the job, a
     * job the backend refused before starting anything comes back as that error (a 429, 400 or 502 to REST).
     */
    public Img2ImgResult await(String jobId, Duration budget, ProgressListener progress, boolean firstCaller) {
        return await(jobId, null, budget, progress, firstCaller);
    }

    /**
     * As {@link #await(String, Duration, ProgressListener, boolean)} for a job this caller knows as {@code accepted}
     * (or {@code null}). The job was accepted, so a ledger that fails now never makes the answer an error that would
     * invite a second job (SPEC §4, F1): it is the job's id and its last known state, to be followed by that id.
     */
    public Img2ImgResult await(String jobId, LedgerJob accepted, Duration budget, ProgressListener progress,
                        boolean firstCaller) {
        AtomicReference<LedgerJob> lastSeen = new AtomicReference<>(accepted);
        try {
            return awaitOrThrow(jobId, budget, progress, firstCaller, lastSeen);
        } catch (LedgerUnavailableException e) {
            LedgerJob known = lastSeen.get();
            if (known == null) {
                return unavailable(e);
            }
            Img2ImgResult last = LedgerResults.of(known, backendName);
            List<String> notes = new ArrayList<>(last.notes() == null ? List.of() : last.notes());
            notes.add("the job ledger could not be read just now (" + e.getMessage() + "): job " + jobId
                    + " was accepted and is kept; this is its last known state. Follow it by its job id; do not send "
                    + "the request again as a new job");
            return last.withNotes(notes);
        }
    }

    private Img2ImgResult awaitOrThrow(String jobId, Duration budget, ProgressListener progress, boolean firstCaller,
                                       AtomicReference<LedgerJob> lastSeen) {
        Optional<LedgerJob> job = changes.await(ledger, jobId, j -> j.state().terminal(), budget, progress, lastSeen);
        if (job.isEmpty()) {
            return Img2ImgResult.error(backendName, ResultError.of(ErrorCode.UNKNOWN_JOB, "no job " + jobId));
        }
        LedgerJob j = job.get();
        Img2ImgResult result = LedgerResults.of(j, backendName, ledger);
        if (firstCaller && j.state() == JobState.FAILURE && j.backendJobId() == null && REFUSED_BEFORE_START.contains(j.errorCode())) {
            ResultError refused = result.error();
            return Img2ImgResult.error(backendName, new ResultError(refused.code(), refused.message(), List.of(),
                    runner.refusedRetryAfter.remove(jobId)));
        }
        if (result.status() != null && result.status().terminal()) {
            progress.onProgress(result.progress(), "job " + jobId + ": " + result.status().wireName());
        }
        return result;
    }

    /** The ledger failed before a job was accepted: nothing was recorded, so nothing will be submitted. */
    public Img2ImgResult unavailableBeforeAcceptance(LedgerUnavailableException e) {
        return Img2ImgResult.error(backendName, new ResultError(ErrorCode.LEDGER_UNAVAILABLE, e.getMessage()
                + "; nothing was submitted (dry runs still work)", List.of(), Duration.ofSeconds(5)));
    }

    /** The ledger failed for a call that submits nothing (a read, a cancel). */
    public Img2ImgResult unavailable(LedgerUnavailableException e) {
        return Img2ImgResult.error(backendName, new ResultError(ErrorCode.LEDGER_UNAVAILABLE, e.getMessage()
                + "; retry shortly", List.of(), Duration.ofSeconds(5)));
    }
}
