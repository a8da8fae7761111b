package io.img2img.application.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.job.JobEvent;
import io.img2img.application.job.JobMachine;
import io.img2img.application.job.JobPolicy;
import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.NewJob;
import io.img2img.domain.result.ProducedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Test kit: what every {@link JobLedger} must do, one suite run against each of them (the in-memory ledger here,
 * SQLite and PostgreSQL in adapter-ledger): every move {@link JobMachine}'s table allows and every one it refuses,
 * compare-and-set losses, lease expiry and takeover, the sweep, claim order, key arbitration, cancels and their
 * races, retention, and (inherited) what it does with money. A subclass gives a fresh ledger per test, another
 * process's view of it and the raw moves of the database's clock.
 */
public abstract class JobLedgerContract extends SpendLedgerContract {
    protected static final String LOCAL = "local";
    private static final Map<String, Object> REQUEST = Map.of("modelId", "flux.1-dev", "prompt", "a lighthouse");

    /** As if the job's lease had run out on the database's clock. */
    protected abstract void expireLease(String jobId) throws Exception;

    /**
     * F12: a claim, a cancel or a requeue writes one row; the jobs queued behind learn their new positions when they
     * are read (their versions stay), and the change counter moves so waiters and event streams read them again.
     */
    @Test
    public void queuePositionsMoveWithNoWriteToTheJobsBehind() throws Exception {
        List<LedgerJob> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(ledger().accept(queued(LOCAL)).job());
        }
        long changes = ledger().changeCount();
        LedgerJob head = ledger().claimOldestQueued(LOCAL, "holder-1").orElseThrow();
        assertThat(ledger().changeCount()).isGreaterThan(changes);
        changes = ledger().changeCount();
        assertThat(ledger().cancel(jobs.get(2).jobId()).kind()).isEqualTo(CancelOutcome.Kind.CANCELED);
        assertThat(ledger().changeCount()).isGreaterThan(changes);
        for (LedgerJob j : List.of(jobs.get(1), jobs.get(3))) {
            LedgerJob now = ledger().find(j.jobId()).orElseThrow();
            assertThat(now.version()).as("not rewritten").isEqualTo(j.version());
            assertThat(now.statusVersion()).isEqualTo(j.statusVersion());
        }
        assertThat(ledger().queuePosition(jobs.get(1).jobId())).hasValue(1);
        assertThat(ledger().queuePosition(jobs.get(3).jobId())).hasValue(2);

        LedgerJob running = ledger().markRunning(head).orElseThrow(); // a cut-off local run goes back to the head
        expireLease(running.jobId());
        ledger().sweepExpiredLeases();
        assertThat(ledger().queuePosition(running.jobId())).hasValue(1);
        assertThat(ledger().queuePosition(jobs.get(1).jobId())).hasValue(2);
        assertThat(ledger().queuePosition(jobs.get(3).jobId())).hasValue(3);
        assertThat(ledger().find(jobs.get(3).jobId()).orElseThrow().version())
                .isEqualTo(jobs.get(3).version());
    }

    /**
     * As if the database had lost every commit made to the job after {@code row} (F3: a failover to an async
     * standby, {@code synchronous_commit=off}): the row is back as {@code row} was, state, holder and version.
     */
    protected abstract void loseCommitsAfter(LedgerJob row) throws Exception;

    @Test
    public void aPostWhoseSubmittingCommitWasLostIsFencedAndNeverSentAgain() throws Exception {
        LedgerJob claimedJob = ledger().accept(claimed(SCENARIO, "holder-1")).job();
        LedgerJob submitting = ledger().markSubmitting(claimedJob).orElseThrow();
        loseCommitsAfter(claimedJob); // the POST went out; the row says claimed at the old version again
        assertThat(ledger().markSubmitted(submitting, "backend_1", null))
                .as("the CAS finds the row moved")
                .isEmpty();

        LedgerJob fenced = ledger().fencePosted(claimedJob.jobId(), "backend_1", "posted; its record was lost")
                .orElseThrow();
        assertThat(fenced.state())
                .isEqualTo(
                        JobMachine.next(JobState.CLAIMED, JobEvent.FENCE_POSTED).orElseThrow())
                .isEqualTo(JobState.OUTCOME_UNKNOWN);
        assertThat(fenced.backendJobId())
                .as("kept: the paid job can still be followed")
                .isEqualTo("backend_1");
        assertThat(fenced.holder()).isNull();
        assertThat(fenced.version()).isGreaterThan(claimedJob.version());
        assertThat(fenced.statusVersion()).as("a status event tells it").isEqualTo(fenced.version());
        assertThat(ledger().markSubmitting(claimedJob))
                .as("the old claim can never submit")
                .isEmpty();
        expireLease(claimedJob.jobId());
        ledger().sweepExpiredLeases();
        ledger().release("holder-1");
        assertThat(ledger().claimOldestQueued(SCENARIO, "holder-2"))
                .as("never queued again")
                .isEmpty();
        assertThat(ledger().fencePosted(claimedJob.jobId(), "backend_2", "again")
                        .orElseThrow()
                        .backendJobId())
                .as("the first answer stays")
                .isEqualTo("backend_1");

        // the lost commit, then the sweep put it back in the queue and another process claimed it: fenced all the same
        LedgerJob second = ledger().accept(claimed(SCENARIO, "holder-1")).job();
        LedgerJob secondSubmitting = ledger().markSubmitting(second).orElseThrow();
        loseCommitsAfter(second);
        expireLease(second.jobId());
        ledger().sweepExpiredLeases();
        LedgerJob reclaimed =
                otherProcess().claimOldestQueued(SCENARIO, "holder-2").orElseThrow();
        assertThat(reclaimed.jobId()).isEqualTo(second.jobId());
        assertThat(ledger().markSubmitted(secondSubmitting, "backend_3", null)).isEmpty();
        assertThat(ledger().fencePosted(second.jobId(), "backend_3", "posted; its record was lost")
                        .orElseThrow()
                        .state())
                .isEqualTo(JobState.OUTCOME_UNKNOWN);
        assertThat(otherProcess().markSubmitting(reclaimed))
                .as("the other holder never POSTs it")
                .isEmpty();

        // a job that ended outcome-unknown (its lease ran out during the POST) gets the late id; a submitted one is
        // kept
        LedgerJob swept = heldIn(JobState.SUBMITTING, "holder-1");
        expireLease(swept.jobId());
        ledger().sweepExpiredLeases();
        assertThat(ledger().fencePosted(swept.jobId(), "backend_4", "late")
                        .orElseThrow()
                        .backendJobId())
                .isEqualTo("backend_4");
        LedgerJob submitted = heldIn(JobState.SUBMITTED, "holder-1");
        LedgerJob kept =
                ledger().fencePosted(submitted.jobId(), "backend_5", "late").orElseThrow();
        assertThat(kept.state()).isEqualTo(JobState.SUBMITTED);
        assertThat(kept.backendJobId()).isEqualTo("backend_1");
        assertThat(ledger().fencePosted("job_unknownunknownunknown1", "backend_6", "late"))
                .isEmpty();
    }

    /**
     * Metrics (issue #23): the queue per backend identity in one read, its oldest job's age by the ledger's clock;
     * held and ended jobs are not queued.
     */
    @Test
    public void queueDepthsCountTheQueuedJobsPerIdentityWithTheAgeOfTheOldest() throws Exception {
        assertThat(ledger().queueDepths()).isEmpty();
        LedgerJob oldest = ledger().accept(queued(SCENARIO)).job();
        ledger().accept(queued(SCENARIO));
        ledger().accept(queued(LOCAL));
        ledger().accept(claimed(SCENARIO, "holder_a"));
        LedgerJob canceled = ledger().accept(queued(LOCAL)).job();
        ledger().cancel(canceled.jobId());
        age(oldest.jobId(), Duration.ofMinutes(10));

        List<io.img2img.application.port.out.QueueDepth> depths = ledger().queueDepths();
        assertThat(depths)
                .extracting(io.img2img.application.port.out.QueueDepth::backendIdentity)
                .containsExactlyInAnyOrder(SCENARIO, LOCAL);
        io.img2img.application.port.out.QueueDepth scenario = depths.stream()
                .filter(d -> d.backendIdentity().equals(SCENARIO))
                .findFirst()
                .orElseThrow();
        assertThat(scenario.queued()).isEqualTo(2);
        assertThat(scenario.oldestAge()).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11));
        io.img2img.application.port.out.QueueDepth local = depths.stream()
                .filter(d -> d.backendIdentity().equals(LOCAL))
                .findFirst()
                .orElseThrow();
        assertThat(local.queued()).isEqualTo(1);
        assertThat(local.oldestAge()).isLessThan(Duration.ofMinutes(1));
    }

    protected static NewJob queued(String identity) {
        return new NewJob(
                id(), identity, JobState.QUEUED, null, "42", 5.0, 10.0, REQUEST, new byte[] {1, 2, 3}, null, null, 64);
    }

    protected static NewJob claimed(String identity, String holder) {
        return new NewJob(id(), identity, JobState.CLAIMED, holder, "42", 5.0, null, REQUEST, null, null, null, 0);
    }

    protected static NewJob keyed(String key, String fingerprint, String holder) {
        return new NewJob(id(), SCENARIO, JobState.CLAIMED, holder, "7", 5.0, null, REQUEST, null, key, fingerprint, 0);
    }

    private static String id() {
        return "job_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    }

    /** A job of holder {@code h} brought to {@code state} through the table's own moves. */
    private LedgerJob heldIn(JobState state, String h) {
        LedgerJob job = ledger().accept(claimed(state == JobState.RUNNING ? LOCAL : SCENARIO, h))
                .job();
        return switch (state) {
            case CLAIMED -> job;
            case RUNNING -> ledger().markRunning(job).orElseThrow();
            case SUBMITTING -> ledger().markSubmitting(job).orElseThrow();
            case SUBMITTED ->
                ledger().markSubmitted(ledger().markSubmitting(job).orElseThrow(), "backend_1", null)
                        .orElseThrow();
            case CANCELING ->
                ledger().requestCancel(heldIn(JobState.SUBMITTED, h).jobId(), SCENARIO)
                        .job();
            default -> throw new IllegalArgumentException(state.name());
        };
    }

    /** Each holder write, by the event the table knows it as. */
    private static final Map<JobEvent, Function<LedgerJob, Function<JobLedger, Optional<LedgerJob>>>> WRITES = Map.of(
            JobEvent.MARK_SUBMITTING, j -> l -> l.markSubmitting(j),
            JobEvent.MARK_SUBMITTED, j -> l -> l.markSubmitted(j, "backend_9", 3.0),
            JobEvent.MARK_RUNNING, j -> l -> l.markRunning(j),
            JobEvent.PROGRESS, j -> l -> l.recordProgress(j, 0.5, List.of()),
            JobEvent.MAY_HAVE_STARTED, j -> l -> l.markOutcomeUnknown(j, "the answer was lost"),
            JobEvent.SUCCEED, j -> l -> l.finish(j, new JobEnd(JobState.SUCCESS, List.of(), null, null)),
            JobEvent.CANCELED_AT_BACKEND, j -> l -> l.finish(j, JobEnd.canceled("canceled at the backend")));

    @Test
    public void everyHolderWriteMovesExactlyWhereTheTableAllowsAndIsRefusedElsewhere() {
        for (JobState from : List.of(JobState.CLAIMED, JobState.SUBMITTING, JobState.SUBMITTED, JobState.RUNNING)) {
            for (Map.Entry<JobEvent, Function<LedgerJob, Function<JobLedger, Optional<LedgerJob>>>> write :
                    WRITES.entrySet()) {
                LedgerJob job = heldIn(from, "holder-1");
                Optional<JobState> expected = JobMachine.next(from, write.getKey());
                Optional<LedgerJob> moved = write.getValue().apply(job).apply(ledger());
                assertThat(moved.map(LedgerJob::state))
                        .as(write.getKey() + " from " + from)
                        .isEqualTo(expected);
                moved.ifPresent(m ->
                        assertThat(m.version()).as("a move is a new version").isGreaterThan(job.version()));
            }
        }
    }

    @Test
    public void aFailureEndsAJobFromEveryStateTheTableAllowsAndARefusalEndsASubmittingOne() {
        for (JobState from : List.of(JobState.CLAIMED, JobState.SUBMITTING, JobState.SUBMITTED, JobState.RUNNING)) {
            LedgerJob job = heldIn(from, "holder-1");
            Optional<LedgerJob> failed = ledger().finish(job, JobEnd.failure("upstream-rejected", "no"));
            assertThat(failed.map(LedgerJob::state))
                    .as("failure from " + from)
                    .isEqualTo(
                            JobMachine.endsFrom(JobState.FAILURE).contains(from)
                                    ? Optional.of(JobState.FAILURE)
                                    : Optional.empty());
        }
    }

    @Test
    public void aWriteWithAStaleVersionOrByAnotherHolderIsRefused() {
        LedgerJob job = heldIn(JobState.CLAIMED, "holder-1");
        LedgerJob running = ledger().markRunning(job).orElseThrow();
        assertThat(ledger().recordProgress(job, 0.5, List.of()))
                .as("stale version")
                .isEmpty();
        LedgerJob stranger = new LedgerJob(
                running.jobId(),
                running.backendIdentity(),
                running.state(),
                "holder-2",
                running.leaseUntil(),
                running.version(),
                running.createdAt(),
                running.updatedAt(),
                running.seed(),
                running.price(),
                running.costLimit(),
                running.request(),
                null,
                0,
                List.of(),
                null,
                null,
                running.runs(),
                null);
        assertThat(ledger().recordProgress(stranger, 0.5, List.of()))
                .as("another holder")
                .isEmpty();
        assertThat(ledger().recordProgress(running, 0.5, List.of()))
                .as("the holder at its version")
                .isPresent();
    }

    @Test
    public void queuedJobsAreClaimedOldestFirstByOneClaimerAndPositionsAreComputedWhenRead() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(ledger().accept(queued(LOCAL)).job().jobId());
        }
        ledger().accept(queued(SCENARIO));
        assertThat(ids.stream().map(id -> ledger().queuePosition(id).orElse(-1)))
                .containsExactly(1, 2, 3);
        assertThat(ledger().queuedCount(LOCAL)).isEqualTo(3);

        LedgerJob first = ledger().claimOldestQueued(LOCAL, "holder-1").orElseThrow();
        assertThat(first.jobId()).isEqualTo(ids.get(0));
        assertThat(first.state()).isEqualTo(JobState.CLAIMED);
        assertThat(ledger().queuePosition(ids.get(1))).hasValue(1);
        assertThat(ledger().queuePosition(first.jobId())).isEmpty();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<Optional<LedgerJob>>> claims = new ArrayList<>();
            for (JobLedger l : List.of(ledger(), otherProcess())) {
                claims.add(pool.submit(() -> {
                    together.await();
                    return l.claimOldestQueued(LOCAL, "holder-" + System.identityHashCode(l));
                }));
            }
            List<String> claimed = new ArrayList<>();
            for (Future<Optional<LedgerJob>> c : claims) {
                c.get().ifPresent(j -> claimed.add(j.jobId()));
            }
            assertThat(claimed)
                    .as("two queued, two claimers: each job once")
                    .containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger().claimOldestQueued(LOCAL, "holder-1")).isEmpty();
    }

    @Test
    public void anExpiredLeaseIsTakenBackByTheSweepAsTheTableSays() throws Exception {
        LedgerJob claimedJob = heldIn(JobState.CLAIMED, "holder-1");
        LedgerJob submitting = heldIn(JobState.SUBMITTING, "holder-1");
        LedgerJob submitted = heldIn(JobState.SUBMITTED, "holder-1");
        LedgerJob running = heldIn(JobState.RUNNING, "holder-1");
        for (LedgerJob j : List.of(claimedJob, submitting, submitted, running)) {
            expireLease(j.jobId());
        }
        assertThat(ledger().sweepExpiredLeases().total()).isEqualTo(3);
        assertThat(ledger().find(claimedJob.jobId()).orElseThrow().state())
                .isEqualTo(JobMachine.next(JobState.CLAIMED, JobEvent.LEASE_EXPIRED)
                        .orElseThrow());
        LedgerJob unknown = ledger().find(submitting.jobId()).orElseThrow();
        assertThat(unknown.state()).isEqualTo(JobState.OUTCOME_UNKNOWN);
        assertThat(unknown.errorCode()).isEqualTo(JobLedger.OUTCOME_UNKNOWN_CODE);
        assertThat(ledger().find(running.jobId()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        assertThat(ledger().queuePosition(running.jobId()))
                .as("a cut-off run goes to the head")
                .hasValue(1);
        assertThat(ledger().find(submitted.jobId()).orElseThrow().state())
                .as("submitted: taken over, never swept")
                .isEqualTo(JobState.SUBMITTED);
        assertThat(ledger().markSubmitted(submitting, "backend_late", null))
                .as("the old holder is fenced")
                .isEmpty();
        assertThat(ledger().recordLateBackendJobId(submitting.jobId(), "backend_late"))
                .isTrue();
        assertThat(ledger().recordLateBackendJobId(submitting.jobId(), "backend_other"))
                .as("once")
                .isFalse();
        assertThat(ledger().recordLateBackendJobId(claimedJob.jobId(), "backend_x"))
                .as("only outcome-unknown")
                .isFalse();

        LedgerJob taken = ledger().takeOverSubmitted(SCENARIO, "holder-2").orElseThrow();
        assertThat(taken.jobId()).isEqualTo(submitted.jobId());
        assertThat(taken.holder()).isEqualTo("holder-2");
        assertThat(ledger().recordProgress(submitted, 0.4, List.of()))
                .as("the old follower is fenced")
                .isEmpty();
        assertThat(ledger().takeOverSubmitted(SCENARIO, "holder-3"))
                .as("a live lease is not taken")
                .isEmpty();
    }

    @Test
    public void aLocalJobWhoseRunsAreCutOffTwiceEndsInterrupted() throws Exception {
        LedgerJob job = ledger().accept(claimed(LOCAL, "holder-1")).job();
        for (int run = 1; run <= JobPolicy.RUN_LIMIT; run++) {
            LedgerJob running = ledger().markRunning(job).orElseThrow();
            assertThat(running.runs()).isEqualTo(run);
            expireLease(job.jobId());
            ledger().sweepExpiredLeases();
            if (run < JobPolicy.RUN_LIMIT) {
                job = ledger().claimOldestQueued(LOCAL, "holder-2").orElseThrow();
            }
        }
        LedgerJob ended = ledger().find(job.jobId()).orElseThrow();
        assertThat(ended.state()).isEqualTo(JobState.FAILURE);
        assertThat(ended.errorCode()).isEqualTo(JobLedger.INTERRUPTED_CODE);
    }

    @Test
    public void theHeartbeatRenewsOnlyTheListedJobsOfItsHolder() throws Exception {
        LedgerJob live = heldIn(JobState.SUBMITTING, "holder-1");
        LedgerJob orphan = heldIn(JobState.CLAIMED, "holder-1");
        LedgerJob others = heldIn(JobState.CLAIMED, "holder-2");
        expireLease(live.jobId());
        expireLease(orphan.jobId());
        expireLease(others.jobId());
        assertThat(ledger().heartbeat("holder-1", List.of(live.jobId(), others.jobId())))
                .isEqualTo(1);
        assertThat(ledger().heartbeat("holder-1", List.of())).isZero();
        List<String> many = new ArrayList<>(); // a process with thousands of slots: one renewal, however many ids
        for (int i = 0; i < 1200; i++) {
            many.add("job_notHeldByAnyone" + i);
        }
        many.add(live.jobId());
        assertThat(ledger().heartbeat("holder-1", many)).isEqualTo(1);
        assertThat(ledger().version(live.jobId()))
                .as("a renewal is not a change")
                .hasValue(live.version());
        assertThat(ledger().sweepExpiredLeases().total()).isEqualTo(2);
        assertThat(ledger().find(live.jobId()).orElseThrow().state()).isEqualTo(JobState.SUBMITTING);
        assertThat(ledger().find(orphan.jobId()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    public void aCleanReleaseGivesBackAllButASubmittingJob() {
        LedgerJob claimedJob = heldIn(JobState.CLAIMED, "holder-1");
        LedgerJob submitting = heldIn(JobState.SUBMITTING, "holder-1");
        LedgerJob submitted = heldIn(JobState.SUBMITTED, "holder-1");
        LedgerJob running = heldIn(JobState.RUNNING, "holder-1");
        assertThat(ledger().release("holder-1")).isEqualTo(3);
        assertThat(ledger().find(claimedJob.jobId()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        assertThat(ledger().find(running.jobId()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        assertThat(ledger().find(running.jobId()).orElseThrow().runs())
                .as("the cut run does not count")
                .isZero();
        assertThat(ledger().find(submitting.jobId()).orElseThrow().state()).isEqualTo(JobState.SUBMITTING);
        assertThat(ledger().takeOverSubmitted(SCENARIO, "holder-2").map(LedgerJob::jobId))
                .as("free at once")
                .hasValue(submitted.jobId());
    }

    @Test
    public void oneKeyNamesOneJobWhileItRunsAndFor24HoursAfterItEnds() throws Exception {
        LedgerJob first = ledger().accept(keyed("key-1", "fp-1", "holder-1")).job();
        assertThat(ledger().accept(keyed("key-1", "fp-1", "holder-1")).outcome())
                .isEqualTo(Acceptance.Outcome.IN_PROGRESS);
        assertThat(ledger().accept(keyed("key-1", "fp-2", "holder-1")).outcome())
                .isEqualTo(Acceptance.Outcome.KEY_REUSED);

        age(first.jobId(), Duration.ofHours(25)); // still claimed a day later (F4): the key still names it
        assertThat(ledger().accept(keyed("key-1", "fp-1", "holder-1")).outcome())
                .isEqualTo(Acceptance.Outcome.IN_PROGRESS);
        assertThat(ledger().prune(30, 100).keys())
                .as("a live job's key is never pruned")
                .isZero();
        assertThat(ledger().accept(keyed("key-1", "fp-1", "holder-1")).job().jobId())
                .isEqualTo(first.jobId());

        LedgerJob ended = ledger().finish(
                        ledger().find(first.jobId()).orElseThrow(), JobEnd.failure("upstream-rejected", "no"))
                .orElseThrow();
        Acceptance again = ledger().accept(keyed("key-1", "fp-1", "holder-1"));
        assertThat(again.outcome()).isEqualTo(Acceptance.Outcome.EXISTING);
        assertThat(again.job().jobId()).isEqualTo(ended.jobId());

        age(first.jobId(), Duration.ofHours(25)); // ended more than 24 h ago: the key is free again
        Acceptance fresh = ledger().accept(keyed("key-1", "fp-2", "holder-1"));
        assertThat(fresh.outcome()).isEqualTo(Acceptance.Outcome.ACCEPTED);
        assertThat(fresh.job().jobId()).isNotEqualTo(first.jobId());
    }

    @Test
    public void concurrentAcceptsWithOneKeyFromTwoProcessesMakeExactlyOneJob() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<Acceptance>> accepts = new ArrayList<>();
            for (JobLedger l : List.of(ledger(), otherProcess())) {
                accepts.add(pool.submit(() -> {
                    together.await();
                    return l.accept(keyed("key-race", "fp", "holder-1"));
                }));
            }
            List<Acceptance.Outcome> outcomes = new ArrayList<>();
            for (Future<Acceptance> a : accepts) {
                outcomes.add(a.get().outcome());
            }
            assertThat(outcomes).containsExactlyInAnyOrder(Acceptance.Outcome.ACCEPTED, Acceptance.Outcome.IN_PROGRESS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void onlyTheStatesTheTableNamesCanBeCanceledAndACancelFencesTheHolder() {
        for (JobState state : List.of(JobState.CLAIMED, JobState.SUBMITTING, JobState.SUBMITTED, JobState.RUNNING)) {
            LedgerJob job = heldIn(state, "holder-1");
            CancelOutcome outcome = ledger().cancel(job.jobId());
            boolean cancellable = JobPolicy.cancellable().contains(state);
            assertThat(outcome.kind())
                    .as(state.name())
                    .isEqualTo(cancellable ? CancelOutcome.Kind.CANCELED : CancelOutcome.Kind.NOT_CANCELLABLE);
            if (cancellable) {
                assertThat(ledger().find(job.jobId()).orElseThrow().state()).isEqualTo(JobState.CANCELED);
                assertThat(ledger().markSubmitting(job))
                        .as("the holder can no longer move it")
                        .isEmpty();
                assertThat(ledger().recordProgress(job, 0.1, List.of())).isEmpty();
            }
        }
        LedgerJob queuedJob = ledger().accept(queued(LOCAL)).job();
        assertThat(ledger().cancel(queuedJob.jobId()).kind()).isEqualTo(CancelOutcome.Kind.CANCELED);
        assertThat(ledger().claimOldestQueued(LOCAL, "holder-1"))
                .as("a canceled job is never claimed")
                .isEmpty();
        assertThat(ledger().cancel(queuedJob.jobId()).kind()).isEqualTo(CancelOutcome.Kind.ALREADY_FINISHED);
        assertThat(ledger().cancel("job_noSuchJobEverExisted0").kind()).isEqualTo(CancelOutcome.Kind.UNKNOWN);
    }

    @Test
    public void aBackendsCancelIsRequestedByExactlyOneCallerOfAnyProcessAndTheHolderFollowsTheJobOn() throws Exception {
        LedgerJob submitted = heldIn(JobState.SUBMITTED, "holder-1");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<CancelOutcome>> requests = new ArrayList<>();
            for (JobLedger l : List.of(ledger(), otherProcess())) {
                requests.add(pool.submit(() -> {
                    together.await();
                    return l.requestCancel(submitted.jobId(), SCENARIO);
                }));
            }
            List<CancelOutcome.Kind> kinds = new ArrayList<>();
            for (Future<CancelOutcome> r : requests) {
                kinds.add(r.get().kind());
            }
            assertThat(kinds)
                    .as("one move, so one cancel action sent")
                    .containsExactlyInAnyOrder(CancelOutcome.Kind.CANCEL_REQUESTED, CancelOutcome.Kind.CANCELING);
        } finally {
            pool.shutdownNow();
        }
        LedgerJob canceling = ledger().find(submitted.jobId()).orElseThrow();
        assertThat(canceling.state()).isEqualTo(JobState.CANCELING);
        assertThat(canceling.holder()).as("the holder is kept").isEqualTo("holder-1");
        assertThat(canceling.backendJobId()).isEqualTo("backend_1");
        assertThat(canceling.statusVersion()).as("a status change").isEqualTo(canceling.version());
        assertThat(ledger().requestCancel(submitted.jobId(), SCENARIO).kind())
                .as("a retried DELETE sends nothing")
                .isEqualTo(CancelOutcome.Kind.CANCELING);
        assertThat(ledger().cancel(submitted.jobId()).kind())
                .as("never canceled in the ledger alone")
                .isEqualTo(CancelOutcome.Kind.NOT_CANCELLABLE);

        assertThat(ledger().recordProgress(submitted, 0.5, List.of()))
                .as("the holder's stale write is refused: it reads the row and goes on with it")
                .isEmpty();
        LedgerJob progressed =
                ledger().recordProgress(canceling, 0.5, List.of()).orElseThrow();
        assertThat(progressed.state()).isEqualTo(JobState.CANCELING);

        expireLease(submitted.jobId());
        ledger().sweepExpiredLeases();
        assertThat(ledger().find(submitted.jobId()).orElseThrow().state())
                .as("never swept")
                .isEqualTo(JobState.CANCELING);
        LedgerJob taken = ledger().takeOverSubmitted(SCENARIO, "holder-2").orElseThrow();
        assertThat(taken.jobId()).isEqualTo(submitted.jobId());
        assertThat(taken.state()).as("taken over in its state").isEqualTo(JobState.CANCELING);
        assertThat(taken.holder()).isEqualTo("holder-2");
        assertThat(ledger().requestCancel(submitted.jobId(), SCENARIO).kind()).isEqualTo(CancelOutcome.Kind.CANCELING);

        ProducedImage kept = new ProducedImage("asset_keptBeforeCancel", null, "image/png", 8, 8, null);
        LedgerJob ended = ledger().finish(
                        taken, new JobEnd(JobState.CANCELED, List.of(kept), JobLedger.CANCELED_CODE, "job canceled"))
                .orElseThrow();
        assertThat(ended.state()).isEqualTo(JobState.CANCELED);
        assertThat(ended.images()).extracting(ProducedImage::assetId).containsExactly(kept.assetId());
        assertThat(ledger().requestCancel(submitted.jobId(), SCENARIO).kind())
                .isEqualTo(CancelOutcome.Kind.ALREADY_FINISHED);
    }

    @Test
    public void onlyASubmittedJobOfTheCallersBackendIdentityIsAskedToCancelAndACancelingOneEndsAsTheBackendSays() {
        for (JobState state : List.of(JobState.CLAIMED, JobState.SUBMITTING, JobState.RUNNING)) {
            assertThat(ledger().requestCancel(heldIn(state, "holder-1").jobId(), SCENARIO)
                            .kind())
                    .as(state.name())
                    .isEqualTo(CancelOutcome.Kind.NOT_CANCELLABLE);
        }
        LedgerJob submitted = heldIn(JobState.SUBMITTED, "holder-1");
        assertThat(ledger().requestCancel(submitted.jobId(), "scenario https://api.example.test/v1 key:0ther")
                        .kind())
                .as("another identity cannot send the action")
                .isEqualTo(CancelOutcome.Kind.NOT_CANCELLABLE);
        assertThat(ledger().find(submitted.jobId()).orElseThrow().state()).isEqualTo(JobState.SUBMITTED);
        assertThat(ledger().requestCancel("job_noSuchJobEverExisted0", SCENARIO).kind())
                .isEqualTo(CancelOutcome.Kind.UNKNOWN);
        for (JobEnd end : List.of(
                new JobEnd(JobState.SUCCESS, List.of(), null, null),
                JobEnd.failure("job-failed", "it failed first"),
                JobEnd.canceled("job canceled"))) {
            LedgerJob canceling = heldIn(JobState.CANCELING, "holder-1");
            assertThat(canceling.state()).isEqualTo(JobState.CANCELING);
            assertThat(ledger().finish(canceling, end).map(LedgerJob::state))
                    .as(end.state().name())
                    .hasValue(end.state());
        }
    }

    @Test
    public void finishedJobsPastTheirRetentionArePrunedAndLeaveATombstoneButLiveOnesStay() throws Exception {
        LedgerJob done = ledger().finish(
                        heldIn(JobState.SUBMITTED, "holder-1"),
                        new JobEnd(
                                JobState.SUCCESS,
                                List.of(new ProducedImage("asset_1", null, "image/png", 64, 64, null)),
                                null,
                                null))
                .orElseThrow();
        LedgerJob oldButQueued = ledger().accept(queued(LOCAL)).job();
        LedgerJob recent = ledger().finish(heldIn(JobState.SUBMITTED, "holder-1"), JobEnd.failure("job-failed", "no"))
                .orElseThrow();
        age(done.jobId(), Duration.ofDays(31));
        age(oldButQueued.jobId(), Duration.ofDays(31));

        assertThat(ledger().prune(30, 100).jobs()).isEqualTo(1);
        assertThat(ledger().find(done.jobId())).isEmpty();
        assertThat(ledger().wasPruned(done.jobId())).isTrue();
        assertThat(ledger().find(oldButQueued.jobId())).isPresent();
        assertThat(ledger().find(recent.jobId())).isPresent();
        assertThat(ledger().wasPruned(recent.jobId())).isFalse();
    }
}
