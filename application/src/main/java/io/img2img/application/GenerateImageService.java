package io.img2img.application;

import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.application.port.out.SubmittedJob;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.request.Generation;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.model.Model;
import io.img2img.domain.text.Numbers;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.result.ResultError;
import io.img2img.domain.request.Violation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Validate fully, price when a money guard is set, start the job once, wait for it. Nothing is
 * submitted unless every rule passed.
 */
public final class GenerateImageService implements GenerateImage {
    private static final System.Logger LOG = System.getLogger(GenerateImageService.class.getName());

    private final ImageBackend backend;
    private final RequestValidator validator;
    private final ReferenceFit referenceFit;
    private final JobTracker tracker;
    private final ServicePolicy policy;
    private final Semaphore runningJobs;
    private final LongSupplier seeds;

    public GenerateImageService(ImageBackend backend, ModelCatalog catalog, ImageCodec codec, JobTracker tracker,
                                ServicePolicy policy) {
        this(backend, catalog, codec, tracker, policy, () -> ThreadLocalRandom.current().nextLong());
    }

    public GenerateImageService(ImageBackend backend, ModelCatalog catalog, ImageCodec codec, JobTracker tracker,
                                ServicePolicy policy, LongSupplier seeds) {
        this.backend = backend;
        this.validator = new RequestValidator(catalog, codec, policy);
        this.referenceFit = new ReferenceFit(backend, codec);
        this.tracker = tracker;
        this.policy = policy;
        this.runningJobs = new Semaphore(policy.maxConcurrentJobs());
        this.seeds = seeds;
    }

    @Override
    public Img2ImgResult generate(ParsedRequest request, Duration waitBudget, ProgressListener progress) {
        try {
            RequestValidator.Outcome outcome = validator.validate(request);
            if (!outcome.violations().isEmpty()) {
                return refuse(outcome.violations());
            }
            Model model = outcome.model().orElseThrow();
            ReferenceFit.Fitted fitted = referenceFit.fit(Generation.of(request.request(), model, seeds));
            if (fitted.refusal() != null) {
                return refuse(List.of(fitted.refusal()));
            }
            Generation generation = fitted.generation();
            List<Violation> backendRules = backend.preconditions(generation);
            if (!backendRules.isEmpty()) {
                return refuse(backendRules);
            }
            if (generation.dryRun()) {
                return Img2ImgResult.dryRun(backend.name(), backend.price(generation)).withNotes(fitted.notes());
            }
            if (!runningJobs.tryAcquire()) {
                return Img2ImgResult.error(backend.name(), new ResultError(ErrorCode.TOO_MANY_JOBS,
                        policy.maxConcurrentJobs() + " jobs are already running (IMG2IMG_MAX_CONCURRENT_JOBS); retry shortly",
                        List.of(), policy.busyRetryAfter()));
            }
            try {
                return run(generation, fitted.notes(), waitBudget, progress);
            } finally {
                runningJobs.release();
            }
        } catch (BackendException e) {
            return Img2ImgResult.error(backend.name(), new ResultError(e.code(), e.getMessage(), List.of(), e.retryAfter()));
        }
    }

    private Img2ImgResult run(Generation generation, List<String> notes, Duration waitBudget, ProgressListener progress)
            throws BackendException {
        Double price = null;
        if (policy.maxCreativeUnits() != null) {
            price = backend.price(generation);
            if (price > policy.maxCreativeUnits()) {
                return Img2ImgResult.error(backend.name(), ResultError.of(ErrorCode.COST_OVER_LIMIT,
                        "this generation costs " + Numbers.format(price) + " Creative Units, above the limit of "
                                + Numbers.format(policy.maxCreativeUnits())
                                + " (IMG2IMG_MAX_CREATIVE_UNITS); nothing was started"));
            }
        }
        SubmittedJob job = backend.submit(generation);
        Double cost = job.creativeUnitsCost() != null ? job.creativeUnitsCost() : price;
        Img2ImgResult started = new Img2ImgResult(backend.name(), job.jobId(), JobStatus.IN_PROGRESS, 0.0,
                generation.seedText(), cost, List.of(), false, null, notes);
        tracker.remember(started);
        LOG.log(System.Logger.Level.DEBUG, "started job {0} on {1} ({2} samples)", job.jobId(), backend.name(),
                generation.numSamples());
        progress.onProgress(0, "job " + job.jobId() + " started");
        return tracker.follow(started, waitBudget, progress, false);
    }

    private Img2ImgResult refuse(List<Violation> violations) {
        return Img2ImgResult.error(backend.name(), ResultError.invalid(violations));
    }
}
