package io.img2img.adapter.ledger;

import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobPage;
import io.img2img.application.port.out.LedgerJob;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The ledger's read side: each answer from one read transaction, so it sees one snapshot. */
abstract class LedgerQueries implements JobLedger {
    final LedgerDatabase database;

    LedgerQueries(LedgerDatabase database) {
        this.database = database;
    }

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
        return database.read(sql -> sql.one("SELECT reference_image FROM jobs WHERE job_id = ?", row -> row.getBytes(1),
                jobId));
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
    public long changeCount() {
        return database.read(LedgerReads::changeCount);
    }

}
