package io.img2img.adapter.ledger;

import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobPage;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUsage;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.port.out.PruneResult;
import io.img2img.application.port.out.QueueDepth;
import io.img2img.application.port.out.SweepResult;
import io.img2img.domain.result.ProducedImage;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The job ledger on a SQL database, the engine chosen by the URL: a SQLite file ({@code jdbc:sqlite:}) or a
 * PostgreSQL server shared by many nodes ({@code jdbc:postgresql:}). Constructing it touches no database: it is
 * opened, and migrated, on first use, and a failure to open is tried again on the next use. Close it at a stop.
 *
 * <p>Each port method is one transaction: a read (one snapshot) or a write, whose statements live in
 * {@link JobRows}, {@link LedgerReads}, {@link Acceptances}, {@link Leases}, {@link HolderWrites},
 * {@link CancelRequests} and {@link Retention}. The methods are alike in shape by design: each says only its transaction's kind and its statement.
 */
public final class SqlJobLedger implements JobLedger, AutoCloseable {
    private final LedgerDatabase database;
    private final long leaseMillis;
    private final ChangeCallbacks callbacks;
    private final ChangeListener listener;

    public SqlJobLedger(LedgerSettings settings) {
        this(settings, CodeVersion.current());
    }

    SqlJobLedger(LedgerSettings settings, CodeVersion codeVersion) {
        this(LedgerConnections.of(settings, codeVersion), settings.leaseMillis(), new ChangeCallbacks());
    }

    private SqlJobLedger(LedgerConnections connections, long leaseMillis, ChangeCallbacks callbacks) {
        this.database = new LedgerDatabase(connections, leaseMillis, callbacks);
        this.leaseMillis = leaseMillis;
        this.callbacks = callbacks;
        this.listener = connections instanceof PostgresOpener postgres ? new ChangeListener(postgres, callbacks) : null;
    }

    /**
     * Calls {@code callback} (on a thread of the ledger's) whenever the ledger may have changed, so that the
     * caller reads it again. On PostgreSQL: every change committed by any node, and after the listening
     * connection was lost and made again; on SQLite: changes written through this ledger only (other processes
     * sharing the file are noticed by polling {@link #changeCount()}).
     */
    public void onChange(Runnable callback) {
        callbacks.add(Objects.requireNonNull(callback, "callback"));
        if (listener != null) {
            listener.start();
        }
    }

    @Override
    public boolean announcesChangesElsewhere(Runnable listener) {
        if (this.listener == null) {
            return false; // SQLite: other processes' writes are noticed through the change counter
        }
        onChange(listener);
        return true;
    }

    /**
     * Produced images kept in this database, so that any node serves any asset without a shared disk; empty
     * for SQLite, whose images stay files in {@code IMG2IMG_OUTPUT_DIR}.
     */
    public Optional<AssetStore> assetStore(ImageCodec codec) {
        return database.connections() instanceof PostgresOpener postgres
                ? Optional.of(new DatabaseAssetStore(database, postgres, codec))
                : Optional.empty();
    }

    /** The webhook outbox kept in this ledger's database (SPEC §6 "Webhooks"). */
    public io.img2img.application.port.out.WebhookOutbox webhookOutbox() {
        return new SqlWebhookOutbox(database);
    }

    // reads: each from one read transaction, so it sees one snapshot

    @Override
    public Optional<LedgerJob> find(String jobId) {
        return database.read(sql -> JobRows.find(sql, jobId));
    }

    @Override
    public boolean wasPruned(String jobId) {
        return database.read(sql -> LedgerReads.wasPruned(sql, jobId));
    }

    @Override
    public Optional<byte[]> referenceImage(String jobId) {
        return database.read(
                sql -> sql.one("SELECT reference_image FROM jobs WHERE job_id = ?", row -> row.getBytes(1), jobId));
    }

    @Override
    public JobPage list(int limit, String before) {
        return database.read(sql -> LedgerReads.list(sql, limit, before));
    }

    @Override
    public int queuedCount(String backendIdentity) {
        return database.read(sql -> LedgerReads.queuedCount(sql, backendIdentity));
    }

    @Override
    public List<QueueDepth> queueDepths() {
        return database.read(LedgerReads::queueDepths);
    }

    @Override
    public OptionalInt queuePosition(String jobId) {
        return database.read(sql -> LedgerReads.queuePosition(sql, jobId));
    }

    @Override
    public OptionalLong version(String jobId) {
        return database.read(sql -> LedgerReads.version(sql, jobId));
    }

    @Override
    public int imageCountAt(String jobId, long version) {
        return database.read(sql -> LedgerReads.imageCountAt(sql, jobId, version));
    }

    @Override
    public LedgerUsage usage(int days) {
        return database.read(sql -> Spending.usage(sql, days));
    }

    @Override
    public long changeCount() {
        return database.read(LedgerReads::changeCount);
    }

    // writes

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
    public Optional<LedgerJob> fencePosted(String jobId, String backendJobId, String message) {
        return database.write(sql -> HolderWrites.fencePosted(sql, jobId, backendJobId, message));
    }

    @Override
    public int heartbeat(String holder, Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return 0; // nothing to renew: no write at all
        }
        return database.write(sql -> Leases.heartbeat(sql, holder, jobIds));
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
    public CancelOutcome requestCancel(String jobId, String backendIdentity) {
        return database.write(sql -> CancelRequests.requestCancel(sql, jobId, backendIdentity));
    }

    @Override
    public PruneResult prune(int retentionDays, int maxJobs) {
        return database.write(sql -> Retention.prune(sql, retentionDays, maxJobs));
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        database.close();
    }
}
