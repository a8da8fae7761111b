package io.img2img.application.testkit;

import io.img2img.application.job.JobEvent;
import io.img2img.application.job.JobMachine;
import io.img2img.application.job.JobPolicy;
import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobPage;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.LedgerUsage;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.port.out.PruneResult;
import io.img2img.application.port.out.SweepResult;
import io.img2img.application.port.out.UsageDay;
import io.img2img.domain.result.ProducedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Test kit: the job ledger in memory, for the application's and the front ends' tests, which may not use the
 * storage adapter (SPEC §9). It behaves as the SQL ledgers do and passes the same contract suite
 * ({@code JobLedgerContract}): compare-and-set on (holder, version), moves only where {@link JobMachine}'s table
 * allows, leases that expire (on the wall clock, moved on by {@link #advance}), sweeps, takeovers, keys kept while
 * their job is not finished and 24 h after it ends, retention.
 */
public final class MemoryJobLedger implements JobLedger {
    private static final Duration KEY_LIFE = Duration.ofHours(24);
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final Map<String, LedgerJob> jobs = new LinkedHashMap<>();
    private final Map<String, NewJob> keys = new LinkedHashMap<>();
    private final Map<String, byte[]> images = new LinkedHashMap<>();
    /** Per job, the client that asked for it, when known. */
    private final Map<String, String> clients = new HashMap<>();
    /** Per job, the version at which each of its images was recorded (images are append-only). */
    private final Map<String, List<Long>> imageVersions = new LinkedHashMap<>();
    /** Per job, its place in its queue: lower is claimed first; a cut-off run goes ahead of every queued job. */
    private final Map<String, Long> queueOrder = new LinkedHashMap<>();

    private final Set<String> pruned = new HashSet<>();
    /** Per UTC day (epoch day): Creative Units priced, given back and spent, as the SQL ledgers' spend_days. */
    private final Map<Long, double[]> spendDays = new HashMap<>();
    /** Per job, the units it was charged and has not given back. */
    private final Map<String, Double> charged = new HashMap<>();

    private long nextOrder;
    private long changes;
    private Duration skew = Duration.ZERO;
    /** How long a holder's claim stands without a renewal. */
    private final Duration lease;
    /** Set to make every call fail as an unwritable database would. */
    public volatile boolean unavailable;
    /** How many calls {@link #unavailable} has failed: a test waits for its fault to be met, not for a while. */
    public final java.util.concurrent.atomic.AtomicInteger refusedCalls =
            new java.util.concurrent.atomic.AtomicInteger();

    public MemoryJobLedger() {
        this(Duration.ofSeconds(30));
    }

    public MemoryJobLedger(Duration lease) {
        this.lease = lease;
    }

    /** Moves this ledger's clock forward (leases expire, keys and jobs age), as a database's clock would move. */
    public synchronized void advance(Duration by) {
        skew = skew.plus(by);
    }

    /** Ends the lease of one job now, as the storage tests' raw SQL does. */
    public synchronized void expireLease(String jobId) {
        LedgerJob j = jobs.get(jobId);
        jobs.put(jobId, lease(j, now().minusSeconds(1)));
    }

    /** Makes a job look {@code age} older (its creation and last change), as the storage tests' raw SQL does. */
    public synchronized void age(String jobId, Duration age) {
        LedgerJob j = jobs.get(jobId);
        jobs.put(
                jobId,
                new LedgerJob(
                        j.jobId(),
                        j.backendIdentity(),
                        j.state(),
                        j.holder(),
                        j.leaseUntil(),
                        j.version(),
                        j.createdAt().minus(age),
                        j.updatedAt().minus(age),
                        j.seed(),
                        j.price(),
                        j.costLimit(),
                        j.request(),
                        j.backendJobId(),
                        j.progress(),
                        j.images(),
                        j.errorCode(),
                        j.errorMessage(),
                        j.runs(),
                        j.idempotencyKey(),
                        j.statusVersion(),
                        j.progressVersion(),
                        j.notes()));
    }

    private synchronized Instant now() {
        return Instant.now().plus(skew);
    }

    /**
     * Drops every ended job (its key and images with it), as a long-running ledger's retention does: for benchmarks
     * that run thousands of jobs through this ledger, whose look-ups scan every job it holds.
     */
    public synchronized void forgetEnded() {
        jobs.values().removeIf(j -> {
            if (!j.state().terminal()) {
                return false;
            }
            images.remove(j.jobId());
            imageVersions.remove(j.jobId());
            queueOrder.remove(j.jobId());
            if (j.idempotencyKey() != null) {
                keys.remove(j.idempotencyKey());
            }
            return true;
        });
    }

    /** A key stands while its job is not finished and for 24 h after it ended (F4). */
    private boolean keyLive(NewJob first) {
        LedgerJob job = jobs.get(first.jobId());
        return job != null
                && (!job.state().terminal() || job.updatedAt().plus(KEY_LIFE).isAfter(now()));
    }

    @Override
    public synchronized Acceptance accept(NewJob job) {
        check();
        NewJob first = job.idempotencyKey() == null ? null : keys.get(job.idempotencyKey());
        if (first != null && keyLive(first)) {
            LedgerJob existing = jobs.get(first.jobId());
            if (!first.fingerprint().equals(job.fingerprint())) {
                return new Acceptance(Acceptance.Outcome.KEY_REUSED, null, null);
            }
            return switch (existing.state()) {
                case CLAIMED, SUBMITTING ->
                    new Acceptance(Acceptance.Outcome.IN_PROGRESS, existing, Duration.ofSeconds(2));
                case OUTCOME_UNKNOWN -> new Acceptance(Acceptance.Outcome.OUTCOME_UNKNOWN, existing, null);
                default -> new Acceptance(Acceptance.Outcome.EXISTING, existing, null);
            };
        }
        if (job.state() == JobState.QUEUED && queuedCount(job.backendIdentity()) >= job.queueLimit()) {
            return new Acceptance(Acceptance.Outcome.QUEUE_FULL, null, Duration.ofSeconds(5));
        }
        if (job.clientQueueLimit() > 0
                && jobs.values().stream()
                                .filter(j -> j.state() == JobState.QUEUED
                                        && j.backendIdentity().equals(job.backendIdentity())
                                        && job.client().equals(clients.get(j.jobId())))
                                .count()
                        >= job.clientQueueLimit()) {
            return new Acceptance(Acceptance.Outcome.CLIENT_QUEUE_FULL, null, Duration.ofSeconds(5));
        }
        Instant now = now();
        long day = Math.floorDiv(now.toEpochMilli(), DAY_MILLIS);
        if (job.price() != null && job.price() > 0) {
            double[] units = spendDays.getOrDefault(day, new double[3]);
            if (job.dailyBudget() != null && units[0] - units[1] + job.price() > job.dailyBudget() + 1e-9) {
                return new Acceptance(
                        Acceptance.Outcome.BUDGET_EXHAUSTED,
                        null,
                        Duration.ofSeconds(Math.max(
                                1, (DAY_MILLIS - Math.floorMod(now.toEpochMilli(), DAY_MILLIS) + 999) / 1000)));
            }
            units[0] += job.price();
            spendDays.put(day, units);
            charged.put(job.jobId(), job.price());
        }
        LedgerJob row = new LedgerJob(
                job.jobId(),
                job.backendIdentity(),
                job.state(),
                job.holder(),
                job.state().held() ? now.plus(lease) : null,
                1,
                now,
                now,
                job.seed(),
                job.price(),
                job.costLimit(),
                job.request(),
                null,
                0,
                List.of(),
                null,
                null,
                0,
                job.idempotencyKey(),
                1,
                1,
                job.notes());
        jobs.put(job.jobId(), row);
        queueOrder.put(job.jobId(), nextOrder++);
        if (job.client() != null) {
            clients.put(job.jobId(), job.client());
        }
        if (job.referenceImage() != null) {
            images.put(job.jobId(), job.referenceImage());
        }
        if (job.idempotencyKey() != null) {
            keys.put(job.idempotencyKey(), job);
        }
        changes++;
        return new Acceptance(Acceptance.Outcome.ACCEPTED, row, null);
    }

    private List<LedgerJob> queued(String backendIdentity) {
        return jobs.values().stream()
                .filter(j -> j.state() == JobState.QUEUED && j.backendIdentity().equals(backendIdentity))
                .sorted(Comparator.comparingLong(j -> queueOrder.get(j.jobId())))
                .toList();
    }

    @Override
    public synchronized Optional<LedgerJob> claimOldestQueued(String backendIdentity, String holder) {
        check();
        return queued(backendIdentity).stream()
                .findFirst()
                .map(j -> put(held(with(j, JobState.CLAIMED, holder, null, j.progress(), List.of(), null, null))));
    }

    @Override
    public synchronized Optional<LedgerJob> takeOverSubmitted(String backendIdentity, String holder) {
        check();
        Instant now = now();
        return jobs.values().stream()
                .filter(j -> JobMachine.sources(JobEvent.TAKE_OVER).contains(j.state())
                        && j.backendIdentity().equals(backendIdentity)
                        && j.leaseUntil() != null
                        && j.leaseUntil().isBefore(now))
                .findFirst()
                .map(j -> put(held(with(j, j.state(), holder, null, j.progress(), List.of(), null, null))));
    }

    @Override
    public Optional<LedgerJob> markSubmitting(LedgerJob held) {
        return cas(
                held,
                JobEvent.MARK_SUBMITTING,
                j -> with(j, JobState.SUBMITTING, j.holder(), null, j.progress(), List.of(), null, null));
    }

    @Override
    public synchronized Optional<LedgerJob> markSubmitted(LedgerJob held, String backendJobId, Double billed) {
        requireText(backendJobId);
        Optional<LedgerJob> moved = cas(held, JobEvent.MARK_SUBMITTED, j -> {
            LedgerJob s = with(j, JobState.SUBMITTED, j.holder(), backendJobId, j.progress(), List.of(), null, null);
            return billed == null
                    ? s
                    : new LedgerJob(
                            s.jobId(),
                            s.backendIdentity(),
                            s.state(),
                            s.holder(),
                            s.leaseUntil(),
                            s.version(),
                            s.createdAt(),
                            s.updatedAt(),
                            s.seed(),
                            billed,
                            s.costLimit(),
                            s.request(),
                            s.backendJobId(),
                            s.progress(),
                            s.images(),
                            s.errorCode(),
                            s.errorMessage(),
                            s.runs(),
                            s.idempotencyKey(),
                            s.statusVersion(),
                            s.progressVersion(),
                            s.notes());
        });
        Double units = billed != null ? billed : held.price();
        if (moved.isPresent() && units != null && units > 0) {
            spendDays.computeIfAbsent(dayOf(held.createdAt()), d -> new double[3])[2] += units;
        }
        return moved;
    }

    private static long dayOf(Instant time) {
        return Math.floorDiv(time.toEpochMilli(), DAY_MILLIS);
    }

    /** As the SQL ledgers do: a job ending from a state that proves it cost nothing gives its units back, once. */
    private void endedFrom(String jobId, JobState from) {
        if (JobPolicy.endsThatCostNothingFrom().contains(from) && charged.containsKey(jobId)) {
            double units = charged.remove(jobId);
            spendDays.computeIfAbsent(dayOf(jobs.get(jobId).createdAt()), d -> new double[3])[1] += units;
        }
    }

    @Override
    public synchronized LedgerUsage usage(int days) {
        check();
        if (days < 1 || days > MAX_USAGE_DAYS) {
            throw new IllegalArgumentException("days must be 1 to " + MAX_USAGE_DAYS + ", got " + days);
        }
        Instant now = now();
        long today = dayOf(now);
        List<UsageDay> report = new ArrayList<>();
        for (long day = today - days + 1; day <= today; day++) {
            long d = day;
            Map<JobState, Integer> states = new EnumMap<>(JobState.class);
            jobs.values().stream()
                    .filter(j -> dayOf(j.createdAt()) == d)
                    .forEach(j -> states.merge(j.state(), 1, Integer::sum));
            double[] u = spendDays.getOrDefault(day, new double[3]);
            report.add(new UsageDay(java.time.LocalDate.ofEpochDay(day), u[0], u[1], u[2], states));
        }
        return new LedgerUsage(now, report);
    }

    @Override
    public Optional<LedgerJob> markRunning(LedgerJob held) {
        return cas(
                held,
                JobEvent.MARK_RUNNING,
                j -> runs(
                        with(j, JobState.RUNNING, j.holder(), null, j.progress(), List.of(), null, null),
                        j.runs() + 1));
    }

    @Override
    public Optional<LedgerJob> recordProgress(LedgerJob held, double progress, List<ProducedImage> newImages) {
        if (!(progress >= 0 && progress <= 1)) {
            throw new IllegalArgumentException("progress must be between 0 and 1, got " + progress);
        }
        return cas(held, JobEvent.PROGRESS, j -> with(j, j.state(), j.holder(), null, progress, newImages, null, null));
    }

    @Override
    public synchronized Optional<LedgerJob> finish(LedgerJob held, JobEnd end) {
        Optional<LedgerJob> moved = cas(
                held,
                JobMachine.endsFrom(end.state()),
                j -> with(
                        j,
                        end.state(),
                        null,
                        null,
                        end.state() == JobState.SUCCESS ? 1 : j.progress(),
                        end.images(),
                        end.errorCode(),
                        end.errorMessage()));
        if (moved.isPresent() && end.state() != JobState.SUCCESS) {
            endedFrom(held.jobId(), held.state());
        }
        return moved;
    }

    @Override
    public Optional<LedgerJob> markOutcomeUnknown(LedgerJob held, String message) {
        return cas(
                held,
                JobEvent.MAY_HAVE_STARTED,
                j -> with(
                        j,
                        JobState.OUTCOME_UNKNOWN,
                        null,
                        null,
                        j.progress(),
                        List.of(),
                        OUTCOME_UNKNOWN_CODE,
                        message));
    }

    @Override
    public synchronized boolean recordLateBackendJobId(String jobId, String backendJobId) {
        check();
        requireText(backendJobId);
        LedgerJob j = jobs.get(jobId);
        if (j == null || j.state() != JobState.OUTCOME_UNKNOWN || j.backendJobId() != null) {
            return false;
        }
        put(with(j, j.state(), null, backendJobId, j.progress(), List.of(), j.errorCode(), j.errorMessage()));
        return true;
    }

    @Override
    public synchronized Optional<LedgerJob> fencePosted(String jobId, String backendJobId, String message) {
        check();
        requireText(backendJobId);
        LedgerJob j = jobs.get(jobId);
        if (j == null) {
            return Optional.empty();
        }
        if (JobMachine.sources(JobEvent.FENCE_POSTED).contains(j.state())) {
            put(with(
                    j,
                    JobState.OUTCOME_UNKNOWN,
                    null,
                    backendJobId,
                    j.progress(),
                    List.of(),
                    OUTCOME_UNKNOWN_CODE,
                    message));
        } else if (j.state() == JobState.OUTCOME_UNKNOWN && j.backendJobId() == null) {
            put(with(j, j.state(), null, backendJobId, j.progress(), List.of(), j.errorCode(), j.errorMessage()));
        }
        return Optional.of(jobs.get(jobId));
    }

    /** As if the ledger had lost the commits after {@code row} (F3: a failover to an async standby): it is back. */
    public synchronized void restore(LedgerJob row) {
        jobs.put(row.jobId(), row);
    }

    @Override
    public synchronized int heartbeat(String holder, Collection<String> jobIds) {
        check();
        int renewed = 0;
        for (String id : jobIds) {
            LedgerJob j = jobs.get(id);
            if (j != null && j.state().held() && holder.equals(j.holder())) {
                jobs.put(id, lease(j, now().plus(lease))); // a renewal is not a change of the job
                renewed++;
            }
        }
        return renewed;
    }

    @Override
    public synchronized SweepResult sweepExpiredLeases() {
        check();
        Instant now = now();
        int requeued = 0;
        int unknown = 0;
        int interrupted = 0;
        for (LedgerJob j : List.copyOf(jobs.values())) {
            if (!j.state().held() || j.leaseUntil() == null || !j.leaseUntil().isBefore(now)) {
                continue;
            }
            switch (j.state()) {
                case CLAIMED -> {
                    put(with(j, JobState.QUEUED, null, null, j.progress(), List.of(), null, null));
                    requeued++;
                }
                case SUBMITTING -> {
                    put(with(
                            j,
                            JobState.OUTCOME_UNKNOWN,
                            null,
                            null,
                            j.progress(),
                            List.of(),
                            OUTCOME_UNKNOWN_CODE,
                            "the process sending this job stopped answering while its request may have reached the "
                                    + "backend: a job may have been started and billed; check the backend's job list"));
                    unknown++;
                }
                case RUNNING -> {
                    if (j.runs() >= JobPolicy.RUN_LIMIT) {
                        put(with(
                                j,
                                JobState.FAILURE,
                                null,
                                null,
                                j.progress(),
                                List.of(),
                                INTERRUPTED_CODE,
                                "the job's runs were cut off twice (its process stopped); it is not run again"));
                        interrupted++;
                    } else {
                        toHeadOfQueue(j, j.runs());
                        requeued++;
                    }
                }
                default -> { // submitted: taken over by a live process of its identity, never swept
                }
            }
        }
        return new SweepResult(requeued, unknown, interrupted);
    }

    private void toHeadOfQueue(LedgerJob j, int runs) {
        long own = queueOrder.get(j.jobId());
        long head = queued(j.backendIdentity()).stream()
                .mapToLong(q -> queueOrder.get(q.jobId()))
                .min()
                .orElse(own + 1);
        queueOrder.put(j.jobId(), Math.min(own, head - 1));
        put(runs(with(j, JobState.QUEUED, null, null, j.progress(), List.of(), null, null), runs));
    }

    @Override
    public synchronized int release(String holder) {
        check();
        int released = 0;
        for (LedgerJob j : List.copyOf(jobs.values())) {
            if (!holder.equals(j.holder())) {
                continue;
            }
            if (j.state() == JobState.CLAIMED) {
                put(with(j, JobState.QUEUED, null, null, j.progress(), List.of(), null, null));
                released++;
            } else if (j.state() == JobState.RUNNING) {
                toHeadOfQueue(j, Math.max(0, j.runs() - 1));
                released++;
            } else if (j.state() == JobState.SUBMITTED || j.state() == JobState.CANCELING) {
                jobs.put(j.jobId(), lease(j, now().minusMillis(1)));
                changes++;
                released++;
            }
        }
        return released;
    }

    @Override
    public synchronized CancelOutcome cancel(String jobId) {
        check();
        LedgerJob j = jobs.get(jobId);
        if (j == null) {
            return new CancelOutcome(CancelOutcome.Kind.UNKNOWN, null);
        }
        if (j.state().terminal()) {
            return new CancelOutcome(CancelOutcome.Kind.ALREADY_FINISHED, j);
        }
        if (!JobPolicy.cancellable().contains(j.state())) {
            return new CancelOutcome(CancelOutcome.Kind.NOT_CANCELLABLE, j);
        }
        LedgerJob canceled =
                put(with(j, JobState.CANCELED, null, null, j.progress(), List.of(), CANCELED_CODE, "canceled"));
        endedFrom(jobId, j.state());
        return new CancelOutcome(CancelOutcome.Kind.CANCELED, canceled);
    }

    @Override
    public synchronized CancelOutcome requestCancel(String jobId, String backendIdentity) {
        check();
        LedgerJob j = jobs.get(jobId);
        if (j == null) {
            return new CancelOutcome(
                    pruned.contains(jobId) ? CancelOutcome.Kind.PRUNED : CancelOutcome.Kind.UNKNOWN, null);
        }
        if (j.state().terminal()) {
            return new CancelOutcome(CancelOutcome.Kind.ALREADY_FINISHED, j);
        }
        if (j.state() == JobState.CANCELING) {
            return new CancelOutcome(CancelOutcome.Kind.CANCELING, j);
        }
        if (!JobMachine.sources(JobEvent.REQUEST_CANCEL).contains(j.state())
                || !j.backendIdentity().equals(backendIdentity)) {
            return new CancelOutcome(CancelOutcome.Kind.NOT_CANCELLABLE, j);
        }
        return new CancelOutcome( // holder and lease kept: the holder follows it on
                CancelOutcome.Kind.CANCEL_REQUESTED,
                put(lease(
                        with(j, JobState.CANCELING, j.holder(), null, j.progress(), List.of(), null, null),
                        j.leaseUntil())));
    }

    @Override
    public synchronized Optional<LedgerJob> find(String jobId) {
        check();
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public synchronized boolean wasPruned(String jobId) {
        check();
        return pruned.contains(jobId);
    }

    @Override
    public synchronized Optional<byte[]> referenceImage(String jobId) {
        check();
        return Optional.ofNullable(images.get(jobId));
    }

    @Override
    public synchronized JobPage list(int limit, String before) {
        check();
        List<LedgerJob> all = new ArrayList<>(jobs.values());
        Collections.reverse(all); // newest first: the order they were accepted in, reversed
        int from = before == null ? 0 : Integer.parseInt(before);
        List<LedgerJob> page = all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
        return new JobPage(page, from + limit < all.size() ? Integer.toString(from + limit) : null);
    }

    @Override
    public synchronized int queuedCount(String backendIdentity) {
        check();
        return queued(backendIdentity).size();
    }

    @Override
    public synchronized List<io.img2img.application.port.out.QueueDepth> queueDepths() {
        check();
        Instant now = now();
        java.util.Map<String, List<LedgerJob>> byIdentity = new java.util.TreeMap<>();
        jobs.values().stream()
                .filter(j -> j.state() == JobState.QUEUED)
                .forEach(j -> byIdentity
                        .computeIfAbsent(j.backendIdentity(), k -> new java.util.ArrayList<>())
                        .add(j));
        return byIdentity.entrySet().stream()
                .map(e -> new io.img2img.application.port.out.QueueDepth(
                        e.getKey(),
                        e.getValue().size(),
                        Duration.between(
                                e.getValue().stream()
                                        .map(LedgerJob::createdAt)
                                        .min(Comparator.naturalOrder())
                                        .orElseThrow(),
                                now)))
                .toList();
    }

    @Override
    public synchronized OptionalInt queuePosition(String jobId) {
        check();
        LedgerJob job = jobs.get(jobId);
        if (job == null || job.state() != JobState.QUEUED) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(queued(job.backendIdentity()).indexOf(job) + 1); // computed when read (F12)
    }

    @Override
    public synchronized OptionalLong version(String jobId) {
        check();
        LedgerJob j = jobs.get(jobId);
        return j == null ? OptionalLong.empty() : OptionalLong.of(j.version());
    }

    @Override
    public synchronized int imageCountAt(String jobId, long version) {
        check();
        return (int) imageVersions.getOrDefault(jobId, List.of()).stream()
                .filter(v -> v <= version)
                .count();
    }

    @Override
    public synchronized long changeCount() {
        check();
        return changes;
    }

    @Override
    public synchronized PruneResult prune(int retentionDays, int maxJobs) {
        check();
        Instant jobsBefore = now().minus(Duration.ofDays(retentionDays));
        List<String> old = jobs.values().stream()
                .filter(j -> j.state().terminal() && j.updatedAt().isBefore(jobsBefore))
                .limit(maxJobs)
                .map(LedgerJob::jobId)
                .toList();
        for (String id : old) {
            jobs.remove(id);
            images.remove(id);
            imageVersions.remove(id);
            queueOrder.remove(id);
            pruned.add(id);
        }
        int before = keys.size();
        keys.values().removeIf(first -> !keyLive(first));
        return new PruneResult(old.size(), before - keys.size());
    }

    private Optional<LedgerJob> cas(LedgerJob held, JobEvent event, UnaryOperator<LedgerJob> change) {
        return cas(held, JobMachine.sources(event), change);
    }

    private synchronized Optional<LedgerJob> cas(LedgerJob held, Set<JobState> from, UnaryOperator<LedgerJob> change) {
        check();
        LedgerJob now = jobs.get(held.jobId());
        if (held.holder() == null
                || now == null
                || now.version() != held.version()
                || !from.contains(now.state())
                || !Objects.equals(now.holder(), held.holder())) {
            return Optional.empty();
        }
        LedgerJob next = change.apply(now);
        return Optional.of(put(next.state().held() ? held(next) : next));
    }

    private LedgerJob put(LedgerJob job) {
        jobs.put(job.jobId(), job);
        List<Long> recorded = imageVersions.computeIfAbsent(job.jobId(), id -> new ArrayList<>());
        while (recorded.size() < job.images().size()) {
            recorded.add(job.version());
        }
        if (job.state().terminal()) {
            images.remove(job.jobId());
        }
        changes++;
        return job;
    }

    /** The job with its holder's lease renewed from now (every holder write renews it). */
    private LedgerJob held(LedgerJob j) {
        return lease(j, now().plus(lease));
    }

    private static LedgerJob lease(LedgerJob j, Instant until) {
        return new LedgerJob(
                j.jobId(),
                j.backendIdentity(),
                j.state(),
                j.holder(),
                until,
                j.version(),
                j.createdAt(),
                j.updatedAt(),
                j.seed(),
                j.price(),
                j.costLimit(),
                j.request(),
                j.backendJobId(),
                j.progress(),
                j.images(),
                j.errorCode(),
                j.errorMessage(),
                j.runs(),
                j.idempotencyKey(),
                j.statusVersion(),
                j.progressVersion(),
                j.notes());
    }

    private static LedgerJob runs(LedgerJob j, int runs) {
        return new LedgerJob(
                j.jobId(),
                j.backendIdentity(),
                j.state(),
                j.holder(),
                j.leaseUntil(),
                j.version(),
                j.createdAt(),
                j.updatedAt(),
                j.seed(),
                j.price(),
                j.costLimit(),
                j.request(),
                j.backendJobId(),
                j.progress(),
                j.images(),
                j.errorCode(),
                j.errorMessage(),
                runs,
                j.idempotencyKey(),
                j.statusVersion(),
                j.progressVersion(),
                j.notes());
    }

    /** The job's next version: not held unless {@code holder}; images appended once each; ended ones keep no lease. */
    private LedgerJob with(
            LedgerJob j,
            JobState state,
            String holder,
            String backendJobId,
            double progress,
            List<ProducedImage> added,
            String errorCode,
            String errorMessage) {
        List<ProducedImage> all = new ArrayList<>(j.images());
        added.stream()
                .filter(i -> all.stream().noneMatch(a -> a.assetId().equals(i.assetId())))
                .forEach(all::add);
        boolean statusChanged = state != j.state();
        return new LedgerJob(
                j.jobId(),
                j.backendIdentity(),
                state,
                holder,
                null,
                j.version() + 1,
                j.createdAt(),
                now(),
                j.seed(),
                j.price(),
                j.costLimit(),
                j.request(),
                backendJobId != null ? backendJobId : j.backendJobId(),
                progress,
                all,
                errorCode,
                errorMessage,
                j.runs(),
                j.idempotencyKey(),
                statusChanged || state == JobState.QUEUED ? j.version() + 1 : j.statusVersion(),
                progress != j.progress() || !added.isEmpty() ? j.version() + 1 : j.progressVersion(),
                j.notes());
    }

    private static void requireText(String backendJobId) {
        if (backendJobId == null || backendJobId.isBlank()) {
            throw new IllegalArgumentException("backendJobId must not be blank");
        }
    }

    private void check() {
        if (unavailable) {
            refusedCalls.incrementAndGet();
            throw new LedgerUnavailableException("memory", "made unavailable by the test", null);
        }
    }
}
