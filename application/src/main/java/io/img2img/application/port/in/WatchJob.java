package io.img2img.application.port.in;

import io.img2img.domain.result.Img2ImgResult;

import java.time.Duration;
import java.util.Optional;

/**
 * Waits for a job to change (what job events are built on): the job as soon as its ledger version is above
 * {@code afterVersion}, or as it is when {@code timeout} ends; empty when the ledger does not know the job.
 * The version grows with every change, so {@code afterVersion} = the last version seen resumes without loss.
 */
public interface WatchJob {
    Optional<Change> watch(String jobId, long afterVersion, Duration timeout);

    /** @param version the job's ledger version for this result; @param ended nothing will change any more */
    record Change(Img2ImgResult result, long version, boolean ended) {
    }
}
