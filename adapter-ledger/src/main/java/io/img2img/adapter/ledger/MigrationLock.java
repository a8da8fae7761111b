package io.img2img.adapter.ledger;

import io.img2img.application.files.PrivateFiles;
import io.img2img.application.port.out.LedgerUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Flyway takes no lock on SQLite, so first migrations are serialised here: within this JVM by a monitor, between
 * processes by an OS lock on a file next to the database ({@code …db.migration-lock}; never SQLite's own file,
 * whose locks closing a channel would drop).
 */
final class MigrationLock {
    private static final Object JVM_WIDE = new Object();

    private MigrationLock() {}

    static void around(Path database, String name, Runnable migrate) {
        Path lockFile = database.resolveSibling(database.getFileName() + ".migration-lock");
        synchronized (JVM_WIDE) {
            try {
                PrivateFiles.createFile(lockFile);
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                    channel.lock(); // released when the channel closes
                    migrate.run();
                }
            } catch (IOException e) {
                throw new LedgerUnavailableException(
                        name,
                        "its migration lock " + lockFile + " cannot be taken (" + PrivateFiles.describe(e) + ")",
                        e);
            }
        }
    }
}
