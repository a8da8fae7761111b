package io.img2img.application.testkit;

import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobPage;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.port.out.PruneResult;
import io.img2img.application.port.out.SweepResult;
import io.img2img.domain.result.ProducedImage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Test kit: the job ledger in memory, for the front ends' tests, which may not use the storage adapter
 * (SPEC §9: an in-test fake of the other port). One process, no leases expire; compare-and-set on (holder,
 * version) as the real one. The ledger's own behaviour is tested against SQLite in adapter-storage and bootstrap.
 */
public final class MemoryJobLedger implements JobLedger {
    private final Map<String, LedgerJob> jobs = new LinkedHashMap<>();
    private final Map<String, NewJob> keys = new LinkedHashMap<>();
    private final Map<String, byte[]> images = new LinkedHashMap<>();
    /** Per job, the version at which each of its images was recorded (images are append-only). */
    private final Map<String, List<Long>> imageVersions = new LinkedHashMap<>();
    private long changes;
    /** Set to make every call fail as an unwritable database would. */
    public volatile boolean unavailable;

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
            if (j.idempotencyKey() != null) {
                keys.remove(j.idempotencyKey());
            }
            return true;
        });
    }

    @Override
    public synchronized Acceptance accept(NewJob job) {
        check();
        if (job.idempotencyKey() != null && keys.containsKey(job.idempotencyKey())) {
            NewJob first = keys.get(job.idempotencyKey());
            LedgerJob existing = jobs.get(first.jobId());
            if (!first.fingerprint().equals(job.fingerprint())) {
                return new Acceptance(Acceptance.Outcome.KEY_REUSED, null, null);
            }
            return switch (existing.state()) {
                case CLAIMED, SUBMITTING -> new Acceptance(Acceptance.Outcome.IN_PROGRESS, existing, Duration.ofSeconds(2));
                case OUTCOME_UNKNOWN -> new Acceptance(Acceptance.Outcome.OUTCOME_UNKNOWN, existing, null);
                default -> new Acceptance(Acceptance.Outcome.EXISTING, existing, null);
            };
        }
        if (job.state() == JobState.QUEUED && queuedCount(job.backendIdentity()) >= job.queueLimit()) {
            return new Acceptance(Acceptance.Outcome.QUEUE_FULL, null, Duration.ofSeconds(5));
        }
        Instant now = Instant.now();
        LedgerJob row = new LedgerJob(job.jobId(), job.backendIdentity(), job.state(), job.holder(), null, 1, now, now,
                job.seed(), job.price(), job.costLimit(), job.request(), null, 0, List.of(), null, null, 0,
                job.idempotencyKey(), 1, 1, job.notes());
        jobs.put(job.jobId(), row);
        if (job.referenceImage() != null) {
            images.put(job.jobId(), job.referenceImage());
        }
        if (job.idempotencyKey() != null) {
            keys.put(job.idempotencyKey(), job);
        }
        changes++;
        return new Acceptance(Acceptance.Outcome.ACCEPTED, row, null);
    }

    @Override
    public synchronized Optional<LedgerJob> claimOldestQueued(String backendIdentity, String holder) {
        check();
        return jobs.values().stream().filter(j -> j.state() == JobState.QUEUED && j.backendIdentity().equals(backendIdentity))
                .findFirst().map(j -> put(with(j, JobState.CLAIMED, holder, j.backendJobId(), j.progress(), List.of(), null, null)));
    }

    @Override
    public Optional<LedgerJob> takeOverSubmitted(String backendIdentity, String holder) {
        check();
        return Optional.empty(); // one process: no holder ever dies
    }

    @Override
    public Optional<LedgerJob> markSubmitting(LedgerJob held) {
        return cas(held, List.of(JobState.CLAIMED), j -> with(j, JobState.SUBMITTING, j.holder(), null, 0, List.of(), null, null));
    }

    @Override
    public Optional<LedgerJob> markSubmitted(LedgerJob held, String backendJobId, Double billed) {
        return cas(held, List.of(JobState.SUBMITTING), j -> {
            LedgerJob submitted = with(j, JobState.SUBMITTED, j.holder(), backendJobId, 0, List.of(), null, null);
            return billed == null ? submitted : new LedgerJob(submitted.jobId(), submitted.backendIdentity(), submitted.state(),
                    submitted.holder(), null, submitted.version(), submitted.createdAt(), submitted.updatedAt(),
                    submitted.seed(), billed, submitted.costLimit(), submitted.request(), backendJobId, 0, List.of(), null,
                    null, 0, submitted.idempotencyKey(), submitted.statusVersion(), submitted.progressVersion(),
                    submitted.notes());
        });
    }

    @Override
    public Optional<LedgerJob> markRunning(LedgerJob held) {
        return cas(held, List.of(JobState.CLAIMED), j -> with(j, JobState.RUNNING, j.holder(), null, 0, List.of(), null, null));
    }

    @Override
    public Optional<LedgerJob> recordProgress(LedgerJob held, double progress, List<ProducedImage> newImages) {
        return cas(held, List.of(JobState.SUBMITTED, JobState.RUNNING),
                j -> with(j, j.state(), j.holder(), j.backendJobId(), progress, newImages, null, null));
    }

    @Override
    public Optional<LedgerJob> finish(LedgerJob held, JobEnd end) {
        return cas(held, List.of(JobState.CLAIMED, JobState.SUBMITTING, JobState.SUBMITTED, JobState.RUNNING),
                j -> with(j, end.state(), null, j.backendJobId(), end.state() == JobState.SUCCESS ? 1 : j.progress(),
                        end.images(), end.errorCode(), end.errorMessage()));
    }

    @Override
    public Optional<LedgerJob> markOutcomeUnknown(LedgerJob held, String message) {
        return cas(held, List.of(JobState.SUBMITTING),
                j -> with(j, JobState.OUTCOME_UNKNOWN, null, null, j.progress(), List.of(), OUTCOME_UNKNOWN_CODE, message));
    }

    @Override
    public synchronized boolean recordLateBackendJobId(String jobId, String backendJobId) {
        LedgerJob j = jobs.get(jobId);
        if (j == null || j.state() != JobState.OUTCOME_UNKNOWN) {
            return false;
        }
        put(with(j, j.state(), null, backendJobId, j.progress(), List.of(), j.errorCode(), j.errorMessage()));
        return true;
    }

    @Override
    public synchronized int heartbeat(String holder, java.util.Collection<String> jobIds) {
        check();
        return (int) jobs.values().stream().filter(j -> holder.equals(j.holder()) && jobIds.contains(j.jobId())).count();
    }

    @Override
    public SweepResult sweepExpiredLeases() {
        check();
        return new SweepResult(0, 0, 0);
    }

    @Override
    public synchronized int release(String holder) {
        int released = 0;
        for (LedgerJob j : List.copyOf(jobs.values())) {
            if (holder.equals(j.holder()) && (j.state() == JobState.CLAIMED || j.state() == JobState.RUNNING)) {
                put(with(j, JobState.QUEUED, null, null, 0, List.of(), null, null));
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
        if (j.state() == JobState.SUBMITTING || j.state() == JobState.SUBMITTED) {
            return new CancelOutcome(CancelOutcome.Kind.NOT_CANCELLABLE, j);
        }
        return new CancelOutcome(CancelOutcome.Kind.CANCELED,
                put(with(j, JobState.CANCELED, null, j.backendJobId(), j.progress(), List.of(), CANCELED_CODE, "canceled")));
    }

    @Override
    public synchronized Optional<LedgerJob> find(String jobId) {
        check();
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public boolean wasPruned(String jobId) {
        return false;
    }

    @Override
    public synchronized Optional<byte[]> referenceImage(String jobId) {
        return Optional.ofNullable(images.get(jobId));
    }

    @Override
    public synchronized JobPage list(int limit, String before) {
        check();
        List<LedgerJob> all = new ArrayList<>(jobs.values());
        java.util.Collections.reverse(all); // newest first: the order they were accepted in, reversed
        int from = before == null ? 0 : Integer.parseInt(before);
        List<LedgerJob> page = all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
        return new JobPage(page, from + limit < all.size() ? Integer.toString(from + limit) : null);
    }

    @Override
    public synchronized int queuedCount(String backendIdentity) {
        return (int) jobs.values().stream().filter(j -> j.state() == JobState.QUEUED && j.backendIdentity().equals(backendIdentity)).count();
    }

    @Override
    public synchronized OptionalInt queuePosition(String jobId) {
        int position = 0;
        for (LedgerJob j : jobs.values()) {
            if (j.state() == JobState.QUEUED) {
                position++;
                if (j.jobId().equals(jobId)) {
                    return OptionalInt.of(position);
                }
            }
        }
        return OptionalInt.empty();
    }

    @Override
    public synchronized OptionalLong version(String jobId) {
        LedgerJob j = jobs.get(jobId);
        return j == null ? OptionalLong.empty() : OptionalLong.of(j.version());
    }

    @Override
    public synchronized int imageCountAt(String jobId, long version) {
        check();
        return (int) imageVersions.getOrDefault(jobId, List.of()).stream().filter(v -> v <= version).count();
    }

    @Override
    public synchronized long changeCount() {
        return changes;
    }

    @Override
    public PruneResult prune(int retentionDays, int maxJobs) {
        return new PruneResult(0, 0);
    }

    private synchronized Optional<LedgerJob> cas(LedgerJob held, List<JobState> from, UnaryOperator<LedgerJob> change) {
        check();
        LedgerJob now = jobs.get(held.jobId());
        if (now == null || now.version() != held.version() || !from.contains(now.state())
                || !java.util.Objects.equals(now.holder(), held.holder())) {
            return Optional.empty();
        }
        return Optional.of(put(change.apply(now)));
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

    private static LedgerJob with(LedgerJob j, JobState state, String holder, String backendJobId, double progress,
                                  List<ProducedImage> added, String errorCode, String errorMessage) {
        List<ProducedImage> all = new ArrayList<>(j.images());
        added.stream().filter(i -> all.stream().noneMatch(a -> a.assetId().equals(i.assetId()))).forEach(all::add);
        return new LedgerJob(j.jobId(), j.backendIdentity(), state, holder, null, j.version() + 1, j.createdAt(),
                Instant.now(), j.seed(), j.price(), j.costLimit(), j.request(), backendJobId != null ? backendJobId
                : j.backendJobId(), Math.max(progress, j.progress()), all, errorCode, errorMessage, j.runs(), j.idempotencyKey(),
                j.version() + 1, j.version() + 1, j.notes());
    }

    private void check() {
        if (unavailable) {
            throw new io.img2img.application.port.out.LedgerUnavailableException("memory", "made unavailable by the test", null);
        }
    }
}
