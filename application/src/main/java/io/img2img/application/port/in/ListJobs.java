package io.img2img.application.port.in;

import io.img2img.domain.result.Img2ImgResult;
import java.time.Instant;
import java.util.List;

/** The ledger's jobs, newest first, a page at a time (REST {@code GET /v1/jobs}, the playground's history). */
public interface ListJobs {
    /** Most jobs on one page. */
    int MAX_LIMIT = 100;

    /**
     * @param limit  1 to {@link #MAX_LIMIT}
     * @param before the {@link Page#nextCursor()} of the previous page, or {@code null} for the newest
     * @throws IllegalArgumentException for a limit out of range or a cursor this server did not write
     * @throws Unavailable when the job ledger cannot be read
     */
    Page list(int limit, String before);

    /** The job ledger cannot be read; the message names the database. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A job as the list shows it: its result (SPEC §4), when it was accepted and the prompt it was given. */
    record Item(Img2ImgResult result, Instant createdAt, String prompt) {}

    /** @param nextCursor where the next page starts, {@code null} on the last page */
    record Page(List<Item> jobs, String nextCursor) {
        public Page {
            jobs = List.copyOf(jobs);
        }
    }
}
