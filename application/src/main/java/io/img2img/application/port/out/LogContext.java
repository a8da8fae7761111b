package io.img2img.application.port.out;

/**
 * What the job engine tells the log about the work on the current thread, so that every line logged while it
 * works on a job carries that job's id, on whichever of its threads (the job's own, the claimer's, a caller's),
 * and every line this node's id. Behind it the log's context (bootstrap: SLF4J's MDC); {@link #NONE} where no log
 * is set up (tests, library use).
 */
public interface LogContext {
    /** Logs nothing about jobs. */
    LogContext NONE = new LogContext() {
        @Override
        public Scope job(String jobId) {
            return () -> {};
        }

        @Override
        public void node(String nodeId) {}
    };

    /**
     * From now until the scope is closed, the current thread works for this job; closing it restores what the
     * thread worked for before (scopes nest).
     */
    Scope job(String jobId);

    /** This process's id in the ledger (its holder id): set once, on every line from then on. */
    void node(String nodeId);

    /** An open job scope; closing it never throws. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
