package io.img2img.adapter.ledger;

import io.img2img.application.port.out.JobLedger;
import io.img2img.application.testkit.SpendLedgerContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The SQL ledgers keep money as every ledger does: on a SQLite file and on PostgreSQL, two processes each sharing one database. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Engine.class)
class SqlSpendLedgerContractTest extends SpendLedgerContract {
    @Parameter
    TestDatabase.Engine engine;

    @TempDir
    Path folder;

    private TwoProcesses processes;

    @BeforeEach
    void open() throws Exception {
        processes = new TwoProcesses(engine, folder);
    }

    @AfterEach
    void close() throws Exception {
        if (processes != null) {
            processes.close();
        }
    }

    @Override
    protected JobLedger ledger() {
        return processes.ledger;
    }

    @Override
    protected JobLedger otherProcess() {
        return processes.other;
    }

    @Override
    protected void age(String jobId, Duration age) throws Exception {
        processes.raw.age(jobId, age);
    }
}
