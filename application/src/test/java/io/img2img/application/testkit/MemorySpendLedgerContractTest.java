package io.img2img.application.testkit;

import io.img2img.application.port.out.JobLedger;
import java.time.Duration;

/** The in-memory ledger keeps money as every ledger does. */
class MemorySpendLedgerContractTest extends SpendLedgerContract {
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
    protected void age(String jobId, Duration age) {
        ledger.age(jobId, age);
    }
}
