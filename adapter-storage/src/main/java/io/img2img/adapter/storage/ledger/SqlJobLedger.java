package io.img2img.adapter.storage.ledger;

import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.port.out.PruneResult;
import io.img2img.application.port.out.SweepResult;
import io.img2img.domain.result.ProducedImage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The job ledger on a SQL database (SQLite today). Constructing it touches no file: the database is opened,
 * and migrated, on first use, and a failure to open is tried again on the next use. Close it at a stop.
 */
public final class SqlJobLedger extends LedgerQueries implements AutoCloseable {
    private final long leaseMillis;

    public SqlJobLedger(LedgerSettings settings) {
        this(settings, CodeVersion.current());
    }

    SqlJobLedger(LedgerSettings settings, CodeVersion codeVersion) {
        super(new LedgerDatabase(new SqliteOpener(DatabaseUrl.sqliteFile(settings.url(), System.getProperty("user.home")),
                settings.busyTimeout(), codeVersion), settings.leaseMillis()));
        this.leaseMillis = settings.leaseMillis();
    }

    @Override
    public Acceptance accept(NewJob job) {
        Objects.requireNonNull(job, "job");
        return database.write(sql -> Acceptances.accept(sql, job, leaseMillis));
    }

    @Override
    public Optional<LedgerJob> claimOldestQueued(String backendIdentity, String holder) {
        return database.write(sql -> Leases.claimOldestQueued(sql, backendIdentity, holder));
    }

    @Override
    public Optional<LedgerJob> takeOverSubmitted(String backendIdentity, String holder) {
        return database.write(sql -> Leases.takeOverSubmitted(sql, backendIdentity, holder));
    }

    @Override
    public Optional<LedgerJob> markSubmitting(LedgerJob held) {
        return database.write(sql -> HolderWrites.markSubmitting(sql, held));
    }

    @Override
    public Optional<LedgerJob> markSubmitted(LedgerJob held, String backendJobId, Double billedCreativeUnits) {
        return database.write(sql -> HolderWrites.markSubmitted(sql, held, backendJobId, billedCreativeUnits));
    }

    @Override
    public Optional<LedgerJob> markRunning(LedgerJob held) {
        return database.write(sql -> HolderWrites.markRunning(sql, held));
    }

    @Override
    public Optional<LedgerJob> recordProgress(LedgerJob held, double progress, List<ProducedImage> newImages) {
        return database.write(sql -> HolderWrites.recordProgress(sql, held, progress, List.copyOf(newImages)));
    }

    @Override
    public Optional<LedgerJob> finish(LedgerJob held, JobEnd end) {
        return database.write(sql -> HolderWrites.finish(sql, held, end));
    }

    @Override
    public Optional<LedgerJob> markOutcomeUnknown(LedgerJob held, String message) {
        return database.write(sql -> HolderWrites.markOutcomeUnknown(sql, held, message));
    }

    @Override
    public boolean recordLateBackendJobId(String jobId, String backendJobId) {
        return database.write(sql -> HolderWrites.recordLateBackendJobId(sql, jobId, backendJobId));
    }

    @Override
    public int heartbeat(String holder) {
        return database.write(sql -> Leases.heartbeat(sql, holder));
    }

    @Override
    public SweepResult sweepExpiredLeases() {
        return database.write(Leases::sweep);
    }

    @Override
    public int release(String holder) {
        return database.write(sql -> Leases.release(sql, holder));
    }

    @Override
    public CancelOutcome cancel(String jobId) {
        return database.write(sql -> Retention.cancel(sql, jobId));
    }

    @Override
    public PruneResult prune(int retentionDays, int maxJobs) {
        return database.write(sql -> Retention.prune(sql, retentionDays, maxJobs));
    }

    @Override
    public void close() {
        database.close();
    }
}
