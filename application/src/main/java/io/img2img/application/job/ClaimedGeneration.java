package io.img2img.application.job;

import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.request.ReferenceFit;
import io.img2img.application.request.RequestValidator;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestTree;
import io.img2img.domain.result.ErrorCode;

/**
 * A claimed job's generation rebuilt from what the ledger kept (its request and original reference image), checked
 * and fitted to the backend as when it was accepted: a reference over the backend's inline limit is scaled down
 * again (SPEC §3), so a queued or re-run job sends what an immediate one sends. Or why it can no longer run.
 */
final class ClaimedGeneration {
    /** The generation to run, or the end to record when it cannot run. */
    record Rebuilt(Generation generation, JobEnd failure) {}

    private final JobLedger ledger;
    private final RequestValidator validator;
    private final ReferenceFit referenceFit;

    ClaimedGeneration(JobLedger ledger, RequestValidator validator, ReferenceFit referenceFit) {
        this.ledger = ledger;
        this.validator = validator;
        this.referenceFit = referenceFit;
    }

    Rebuilt rebuild(LedgerJob job) {
        ParsedRequest request = RequestTree.read(
                job.request(), ledger.referenceImage(job.jobId()).orElse(null));
        RequestValidator.Outcome outcome;
        try {
            outcome = validator.validate(request);
        } catch (BackendException e) {
            return new Rebuilt(null, JobEnd.failure(e.code().wireName(), e.getMessage()));
        }
        if (!outcome.violations().isEmpty() || outcome.model().isEmpty()) {
            return cannotRun(outcome.violations().toString());
        }
        ReferenceFit.Fitted fitted = referenceFit.fit(
                Generation.of(request.request(), outcome.model().get(), () -> 0L));
        if (fitted.refusal() != null) {
            return cannotRun(fitted.refusal().field() + ": " + fitted.refusal().message());
        }
        return new Rebuilt(fitted.generation(), null);
    }

    private static Rebuilt cannotRun(String why) {
        return new Rebuilt(
                null,
                JobEnd.failure(
                        ErrorCode.INVALID_REQUEST.wireName(),
                        "the request recorded for this job can no longer run: " + why));
    }
}
