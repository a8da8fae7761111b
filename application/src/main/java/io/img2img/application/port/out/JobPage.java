package io.img2img.application.port.out;

import java.util.List;

/** One page of the job list, newest first; {@code before} is the opaque cursor of the next page, {@code null} at the end. */
public record JobPage(List<LedgerJob> jobs, String before) {
    public JobPage {
        jobs = List.copyOf(jobs);
    }
}
