package io.img2img.adapter.ledger;

import java.nio.file.Path;

/**
 * A test database of its own with two ledgers open on it, as two processes sharing it would have, and raw access for
 * what a test arranges behind the ledgers' backs: what every SQL contract suite opens before each test.
 */
final class TwoProcesses implements AutoCloseable {
    final TestDatabase db;
    final SqlJobLedger ledger;
    final SqlJobLedger other;
    final TestLedgers.Raw raw;

    TwoProcesses(TestDatabase.Engine engine, Path folder) throws Exception {
        db = engine.create(folder);
        ledger = db.open();
        other = db.open();
        raw = db.raw();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {raw, other, ledger, db}) {
            c.close();
        }
    }
}
