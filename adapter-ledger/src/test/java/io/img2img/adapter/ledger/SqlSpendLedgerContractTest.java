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

    private TestDatabase db;
    private SqlJobLedger ledger;
    private SqlJobLedger other;
    private TestLedgers.Raw raw;

    @BeforeEach
    void open() throws Exception {
        db = engine.create(folder);
        ledger = db.open();
        other = db.open();
        raw = db.raw();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {raw, other, ledger, db}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Override
    protected JobLedger ledger() {
        return ledger;
    }

    @Override
    protected JobLedger otherProcess() {
        return other;
    }

    @Override
    protected void age(String jobId, Duration age) throws Exception {
        raw.age(jobId, age);
    }
}
