package io.img2img.adapter.ledger;

import java.time.Duration;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** SQLite's failures in words a user can act on (the file is named by the caller). */
final class SqliteFailures {
    private SqliteFailures() {}

    static String reason(Throwable failure, Duration busyTimeout) {
        SQLiteException sqlite = find(failure);
        if (sqlite == null) {
            return String.valueOf(failure.getMessage()).lines().findFirst().orElse("unknown failure");
        }
        int primary = sqlite.getResultCode().code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return "it is locked by another process for longer than the busy timeout of " + busyTimeout.toMillis()
                    + " ms";
        }
        if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
            return "it is full (the disk, or the database's size limit)";
        }
        if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code
                || primary == SQLiteErrorCode.SQLITE_PERM.code
                || primary == SQLiteErrorCode.SQLITE_READONLY.code) {
            return "it cannot be opened for writing (check the path and its permissions)";
        }
        if (primary == SQLiteErrorCode.SQLITE_IOERR.code) {
            return "reading or writing the file failed (disk error or full disk)";
        }
        if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return "the file is corrupt or not a SQLite database";
        }
        return "SQLite error " + sqlite.getResultCode().name();
    }

    private static SQLiteException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                return sqlite;
            }
        }
        return null;
    }
}
