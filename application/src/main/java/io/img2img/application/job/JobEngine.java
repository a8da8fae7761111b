package io.img2img.application.job;

import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobPage;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.LedgerUsage;
import io.img2img.application.port.out.LogContext;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.port.out.PruneResult;
import io.img2img.application.request.ReferenceFit;
import io.img2img.application.request.RequestValidator;
import io.img2img.domain.request.Generation;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ResultError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The job engine's one door (SPEC §10): what the use cases and the process's lifecycle ask of jobs (accept, wait,
 * cancel, read, list, keep the ledger). Behind it, private to this package: the {@link JobRunner} and its slots,
 * the {@link LedgerKeeper}, the {@link JobChanges} waiters wake on, and the {@link JobTracker} that follows a job
 * the ledger never knew at the backend.
 */
public final class JobEngine {
    private static final System.Logger LOG = System.getLogger(JobEngine.class.getName());
    /** Codes of a job that ended before anything was started at the backend: its caller gets the error itself. */
    private static final Set<String> REFUSED_BEFORE_START = Set.of(
            ErrorCode.UPSTREAM_REJECTED.wireName(),
            ErrorCode.UPSTREAM_AUTH.wireName(),
            ErrorCode.UPSTREAM_RATE_LIMITED.wireName(),
            ErrorCode.UPSTREAM_FAILURE.wireName(),
            ErrorCode.UPSTREAM_TIMEOUT.wireName(),
            ErrorCode.COST_OVER_LIMIT.wireName(),
            ErrorCode.INTERNAL.wireName());

    private final JobLedger ledger;
    private final String backendName;
    private final JobRunner runner;
    private final LedgerKeeper keeper;
    private final JobChanges changes;
    private final JobTracker tracker;
    private final LedgerPolicy policy;
    private final int slots;

    private JobEngine(
            JobLedger ledger,
            String backendName,
            JobRunner runner,
            LedgerKeeper keeper,
            JobChanges changes,
            JobTracker tracker,
            LedgerPolicy policy,
            int slots) {
        this.slots = slots;
        this.ledger = ledger;
        this.backendName = backendName;
        this.runner = runner;
        this.keeper = keeper;
        this.changes = changes;
        this.tracker = tracker;
        this.policy = policy;
    }

    public static JobEngine create(
            JobLedger ledger,
            ImageBackend backend,
            ModelCatalog catalog,
            ImageCodec codec,
            AssetStore store,
            Clock clock,
            ServicePolicy servicePolicy,
            LedgerPolicy policy) {
        return create(ledger, backend, catalog, codec, store, clock, servicePolicy, policy, LogContext.NONE);
    }

    /** As above, telling {@code log} which job each piece of its work is for, and this node's holder id. */
    public static JobEngine create(
            JobLedger ledger,
            ImageBackend backend,
            ModelCatalog catalog,
            ImageCodec codec,
            AssetStore store,
            Clock clock,
            ServicePolicy servicePolicy,
            LedgerPolicy policy,
            LogContext log) {
        JobChanges changes = new JobChanges();
        JobRunner runner = new JobRunner(
                ledger, backend, store, clock, changes, servicePolicy.maxConcurrentJobs(), policy.lease(), log);
        log.node(runner.holder());
        LedgerKeeper keeper = new LedgerKeeper(
                ledger,
                runner,
                new ClaimedGeneration(
                        ledger, new RequestValidator(catalog, codec, servicePolicy), new ReferenceFit(backend, codec)),
                policy);
        JobEngine jobs = new JobEngine(
                ledger,
                backend.name(),
                runner,
                keeper,
                changes,
                new JobTracker(backend, store, clock),
                policy,
                servicePolicy.maxConcurrentJobs());
        if (ledger.announcesChangesElsewhere(jobs::changedElsewhere)) { // part of the port, not wired around it
            keeper.othersAnnounceTheirChanges();
            changes.othersAnnounce();
        }
        return jobs;
    }

    LedgerKeeper keeper() {
        return keeper;
    }

    JobLedger ledger() {
        return ledger;
    }

    JobRunner runner() {
        return runner;
    }

    JobChanges changes() {
        return changes;
    }

    public LedgerPolicy policy() {
        return policy;
    }

    public String backendName() {
        return backendName;
    }

    /**
     * Starts keeping the ledger (a no-op once started): {@code serve} at once, {@code mcp} at its first use of the
     * ledger (every call of this facade that reads or writes it opens it first).
     */
    public void start() {
        keeper.start();
    }

    private void open() {
        keeper.start();
    }

    /** A stopping process (its HTTP drain) claims nothing new; the jobs it runs go on (F13). */
    public void stopClaiming() {
        keeper.stopClaiming();
    }

    /** Stops keeping and lets go of the held jobs (SPEC §10 "A stop"), waiting up to {@code grace} for a POST. */
    public void stop(Duration grace) {
        keeper.stop(grace);
    }

    /** One pruning pass as {@code img2img prune} runs it: up to {@code maxJobs} old jobs and the expired keys. */
    public PruneResult pruneNow(int maxJobs) {
        return keeper.pruneNow(maxJobs);
    }

    /**
     * Records a job and starts it (SPEC §10 "The queue"): claimed at once into a free slot of this process when no
     * older job of its backend waits (a new job never jumps the queue), else queued for the first free slot of any
     * process. The slot is given back on every path that does not start the job.
     */
    public Acceptance accept(JobDraft draft, Generation generation) {
        try (LogContext.Scope scope = runner.log.job(draft.jobId())) {
            return acceptNow(draft, generation);
        }
    }

    private Acceptance acceptNow(JobDraft draft, Generation generation) {
        open();
        Slot slot = ledger.queuedCount(draft.backendIdentity()) == 0
                ? runner.takeSlot().orElse(null)
                : null;
        boolean claimed = slot != null;
        NewJob job = new NewJob(
                draft.jobId(),
                draft.backendIdentity(),
                claimed ? JobState.CLAIMED : JobState.QUEUED,
                claimed ? runner.holder() : null,
                draft.seed(),
                draft.price(),
                draft.costLimit(),
                draft.request(),
                draft.referenceImage(),
                draft.idempotencyKey(),
                draft.fingerprint(),
                claimed ? 0 : policy.maxQueuedJobs(),
                draft.notes(),
                draft.client(),
                claimed || draft.client() == null ? 0 : policy.maxQueuedJobsPerClient(), // a client's fair share
                draft.webhook(),
                // the spend budget is charged in the ledger's accept transaction, so nodes sharing it never pass it
                // together
                policy.dailyCreativeUnits());
        try {
            Acceptance acceptance = ledger.accept(job);
            if (acceptance.outcome() == Acceptance.Outcome.ACCEPTED) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "job {0} accepted for {1}: {2}",
                        draft.jobId(),
                        backendName,
                        claimed ? "started" : "queued");
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

    /**
     * Cancels a job (SPEC §6): a local run of it in this process stops at its next sample. A job submitted to a backend
     * that can cancel remotely moves to {@code canceling} first (committed, compare-and-set): the one caller whose move
     * passed, on any process, sends the backend's cancel action, once; a retry or another process finds it canceling
     * and sends nothing. Its holder follows it on to the end the backend reports.
     */
    public CancelOutcome cancel(String jobId) {
        open();
        try (LogContext.Scope scope = runner.log.job(jobId)) {
            return cancelNow(jobId);
        }
    }

    private CancelOutcome cancelNow(String jobId) {
        CancelOutcome outcome = ledger.cancel(jobId);
        if (outcome.kind() == CancelOutcome.Kind.CANCELED) {
            LOG.log(System.Logger.Level.INFO, "job {0} canceled", jobId);
            runner.stopIfRunning(jobId);
            changes.announce();
        } else if (outcome.kind() == CancelOutcome.Kind.NOT_CANCELLABLE
                && runner.backend.cancelsRemotely()
                && (outcome.job().state() == JobState.SUBMITTED || outcome.job().state() == JobState.CANCELING)) {
            outcome = ledger.requestCancel(jobId, runner.backend.identity());
            if (outcome.kind() == CancelOutcome.Kind.CANCEL_REQUESTED) {
                changes.announce(outcome.job());
                if (!runner.backend.requestCancel(outcome.job().backendJobId())) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "job " + jobId
                                    + ": the backend did not confirm its cancel; the job is followed to its end");
                }
            }
        }
        return outcome;
    }

    /**
     * Another process changed the shared ledger (PostgreSQL's announcements): waiters and event streams read
     * it again, and a free slot claims the work that may be waiting.
     */
    void changedElsewhere() {
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
    public Img2ImgResult await(
            String jobId, LedgerJob accepted, Duration budget, ProgressListener progress, boolean firstCaller) {
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

    private Img2ImgResult awaitOrThrow(
            String jobId,
            Duration budget,
            ProgressListener progress,
            boolean firstCaller,
            AtomicReference<LedgerJob> lastSeen) {
        Optional<LedgerJob> job = changes.await(ledger, jobId, j -> j.state().terminal(), budget, progress, lastSeen);
        if (job.isEmpty()) {
            return Img2ImgResult.error(backendName, ResultError.of(ErrorCode.UNKNOWN_JOB, "no job " + jobId));
        }
        LedgerJob j = job.get();
        Img2ImgResult result = LedgerResults.of(j, backendName, ledger);
        if (firstCaller
                && j.state() == JobState.FAILURE
                && j.backendJobId() == null
                && REFUSED_BEFORE_START.contains(j.errorCode())) {
            ResultError refused = result.error();
            return Img2ImgResult.error(
                    backendName,
                    new ResultError(
                            refused.code(), refused.message(), List.of(), runner.refusedRetryAfter.remove(jobId)));
        }
        if (result.status() != null && result.status().terminal()) {
            progress.onProgress(
                    result.progress(), "job " + jobId + ": " + result.status().wireName());
        }
        return result;
    }

    /** The job as the ledger holds it now, or empty when the ledger does not know it. */
    public Optional<LedgerJob> find(String jobId) {
        open();
        return ledger.find(jobId);
    }

    /** Whether the ledger knew the job and pruned it (its retention ended). */
    public boolean wasPruned(String jobId) {
        open();
        return ledger.wasPruned(jobId);
    }

    /** The job's current ledger version, or empty when it is unknown. */
    public OptionalLong version(String jobId) {
        open();
        return ledger.version(jobId);
    }

    /** A page of the ledger's jobs, newest first, before the cursor {@code before} (or from the newest). */
    public JobPage list(int limit, String before) {
        open();
        return ledger.list(limit, before);
    }

    /** How many of the job's images it held at {@code version} (images are append-only). */
    public int imageCountAt(String jobId, long version) {
        open();
        return ledger.imageCountAt(jobId, version);
    }

    /** Spending and jobs of the last {@code days} UTC days, today last ({@link JobLedger#usage}). */
    public LedgerUsage usage(int days) {
        open();
        return ledger.usage(days);
    }

    /** How many of this process's {@code IMG2IMG_MAX_CONCURRENT_JOBS} slots hold a job now (metrics). */
    public int slotsInUse() {
        return runner.slotsInUse();
    }

    /** Whether the backend refused this node's credentials at its last generation request (readiness). */
    public boolean backendRefusedCredentials() {
        return runner.credentialsRefused;
    }

    /** Grows with every change to any job in the ledger, by any process sharing it. */
    public long changeCount() {
        open();
        return ledger.changeCount();
    }

    /** Calls {@code listener} on every change this process makes or hears of; close to stop. */
    public AutoCloseable subscribe(Runnable listener) {
        return changes.subscribe(listener);
    }

    /** The job as a result (its queue position read with it while queued). */
    public Img2ImgResult resultOf(LedgerJob job) {
        return LedgerResults.of(job, backendName, ledger);
    }

    /** The job as a result from its row alone (a cancel's answer: it is no longer queued). */
    public Img2ImgResult resultOfRow(LedgerJob job) {
        return LedgerResults.of(job, backendName);
    }

    /**
     * A job the ledger never knew, followed at the backend (a Scenario job started elsewhere) up to {@code budget};
     * an error {@code unknown-job} when the backend does not know it either.
     */
    public Img2ImgResult followAtBackend(String jobId, Duration budget, ProgressListener progress) {
        Img2ImgResult known = tracker.known(jobId).orElse(null);
        if (known != null && known.status() != null && known.status().terminal()) {
            return known;
        }
        Img2ImgResult start = known != null
                ? known
                : new Img2ImgResult(backendName, jobId, JobStatus.IN_PROGRESS, 0.0, null, null, List.of(), false, null);
        return tracker.follow(start, budget, progress, true);
    }

    /** Why the ledger did not accept a new job ({@link #accept}), in the words its caller gets. */
    public ResultError refusal(Acceptance acceptance, String idempotencyKey) {
        return Refusals.of(acceptance, idempotencyKey, slots, policy.maxQueuedJobs());
    }

    /** The ledger failed before a job was accepted: nothing was recorded, so nothing will be submitted. */
    public Img2ImgResult unavailableBeforeAcceptance(LedgerUnavailableException e) {
        return Img2ImgResult.error(
                backendName,
                new ResultError(
                        ErrorCode.LEDGER_UNAVAILABLE,
                        e.getMessage() + "; nothing was submitted (dry runs still work)",
                        List.of(),
                        Duration.ofSeconds(5)));
    }

    /** The ledger failed for a call that submits nothing (a read, a cancel). */
    public Img2ImgResult unavailable(LedgerUnavailableException e) {
        return Img2ImgResult.error(
                backendName,
                new ResultError(
                        ErrorCode.LEDGER_UNAVAILABLE,
                        e.getMessage() + "; retry shortly",
                        List.of(),
                        Duration.ofSeconds(5)));
    }
}
