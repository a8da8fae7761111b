package io.img2img.application.testkit;

import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.LedgerJob;
import java.time.Duration;

/** The in-memory ledger passes the suite every ledger passes. */
class MemoryJobLedgerContractTest extends JobLedgerContract {
    private final MemoryJobLedger ledger = new MemoryJobLedger();

    @Override
    protected JobLedger ledger() {
        return ledger;
    }

    @Override
    protected JobLedger otherProcess() {
        return ledger;
    }

    @Override
    protected void expireLease(String jobId) {
        ledger.expireLease(jobId);
    }

    @Override
    protected void loseCommitsAfter(LedgerJob row) {
        ledger.restore(row);
    }

    @Override
    protected void age(String jobId, Duration age) {
        ledger.age(jobId, age);
    }
}
