package io.img2img.adapter.ledger;

import io.img2img.application.port.out.LedgerUnavailableException;
import org.sqlite.SQLiteJDBCLoader;

/**
 * The SQLite driver unpacks its native library into a temporary folder on first use; when it cannot, every later
 * use fails with linkage errors. Checked before the first connection, so the ledger is reported unavailable with
 * the reason.
 */
final class SqliteDriver {
    private SqliteDriver() {}

    static void requireLoaded(String database) {
        try {
            if (SQLiteJDBCLoader.initialize()) {
                return;
            }
        } catch (Exception | LinkageError e) {
            // reported below: the driver's own message names a file in a folder that does not help
        }
        String folder = System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir"));
        throw new LedgerUnavailableException(
                database,
                "the SQLite driver cannot load its native library, which it " + "unpacks into " + folder
                        + " (org.sqlite.tmpdir, else java.io.tmpdir): it must be a writable folder",
                null);
    }
}
