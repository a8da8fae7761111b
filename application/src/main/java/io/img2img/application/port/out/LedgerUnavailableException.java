package io.img2img.application.port.out;

/**
 * The job ledger cannot be opened, read or written (unwritable or corrupt file, full, locked past the busy
 * timeout, too old for its schema, database down). The message names the database and the reason, never a
 * password; front ends answer {@code ledger-unavailable} (REST 503) and nothing is submitted.
 */
public class LedgerUnavailableException extends RuntimeException {
    private final String database;

    public LedgerUnavailableException(String database, String reason, Throwable cause) {
        super("the job ledger " + database + " is unavailable: " + reason, cause);
        this.database = database;
    }

    /** The database as it can be shown: a file path, or a URL without credentials. */
    public String database() {
        return database;
    }
}
