package io.img2img.application.usecase;

import io.img2img.application.ServicePolicy;
import io.img2img.application.job.JobDraft;
import io.img2img.application.job.JobEngine;
import io.img2img.application.job.JobIds;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.in.WebhookRequest;
import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.application.request.DailyBudget;
import io.img2img.application.request.MoneyGuard;
import io.img2img.application.request.ReferenceFit;
import io.img2img.application.request.RequestValidator;
import io.img2img.application.webhook.WebhookRegistrar;
import io.img2img.domain.model.Model;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestTree;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.ResultError;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Validate fully, price (the money guard refuses above its limit), record the job in the ledger (with its idempotency key),
 * run it in the background and wait for it. Nothing is recorded or submitted unless every rule passed; dry
 * runs never touch the ledger.
 */
public final class GenerateImageService implements GenerateImage {
    private final ImageBackend backend;
    private final RequestValidator validator;
    private final ReferenceFit referenceFit;
    private final JobEngine jobs;
    private final ServicePolicy policy;
    private final LongSupplier seeds;
    private WebhookRegistrar webhooks = WebhookRegistrar.disabled();

    public GenerateImageService(
            ImageBackend backend, ModelCatalog catalog, ImageCodec codec, JobEngine jobs, ServicePolicy policy) {
        this(
                backend,
                catalog,
                codec,
                jobs,
                policy,
                () -> ThreadLocalRandom.current().nextLong());
    }

    public GenerateImageService(
            ImageBackend backend,
            ModelCatalog catalog,
            ImageCodec codec,
            JobEngine jobs,
            ServicePolicy policy,
            LongSupplier seeds) {
        this.backend = backend;
        this.validator = new RequestValidator(catalog, codec, policy);
        this.referenceFit = new ReferenceFit(backend, codec);
        this.jobs = jobs;
        this.policy = policy;
        this.seeds = seeds;
    }

    /** Takes webhooks with generations, checked by {@code registrar} (without one they are refused). */
    public GenerateImageService withWebhooks(WebhookRegistrar registrar) {
        this.webhooks = registrar;
        return this;
    }

    // The port's defaults lead down to its 4-argument method (so a stub may be a lambda); this one leads up to all six.
    @Override
    public Img2ImgResult generate(
            ParsedRequest request, String idempotencyKey, Duration waitBudget, ProgressListener progress) {
        return generate(request, idempotencyKey, waitBudget, progress, null);
    }

    @Override
    public Img2ImgResult generate(
            ParsedRequest request,
            String idempotencyKey,
            Duration waitBudget,
            ProgressListener progress,
            String client) {
        return generate(request, idempotencyKey, waitBudget, progress, client, null);
    }

    @Override
    public Img2ImgResult generate(
            ParsedRequest request,
            String idempotencyKey,
            Duration waitBudget,
            ProgressListener progress,
            String client,
            WebhookRequest webhook) {
        try {
            RequestValidator.Outcome outcome = validator.validate(request);
            WebhookRegistrar.Checked hook = webhook == null
                    ? new WebhookRegistrar.Checked(null, List.of())
                    : webhooks.check(webhook.url(), webhook.events());
            if (!outcome.violations().isEmpty() || !hook.violations().isEmpty()) {
                List<Violation> all = new java.util.ArrayList<>(outcome.violations());
                all.addAll(hook.violations()); // every violation at once
                return refuse(all);
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
                return Img2ImgResult.dryRun(backend.name(), backend.price(generation))
                        .withNotes(fitted.notes());
            }
            // every job is priced when accepted (Scenario's free dry run; a local job costs 0 without asking anyone):
            // the ledger keeps the price with the job and charges it to the day's spend (SPEC §6, §10)
            double price = backend.price(generation);
            if (MoneyGuard.refuses(price, policy.maxCreativeUnits())) {
                return error(ErrorCode.COST_OVER_LIMIT, MoneyGuard.refusal(price, policy.maxCreativeUnits()), null);
            }
            Img2ImgResult answer = accept(
                    request, generation, fitted.notes(), price, idempotencyKey, client, hook, waitBudget, progress);
            List<String> notes = new java.util.ArrayList<>(fitted.notes());
            if (answer.notes() != null) { // e.g. that the ledger could not be read while the accepted job ran
                answer.notes().stream().filter(n -> !notes.contains(n)).forEach(notes::add);
            }
            return answer.withNotes(notes);
        } catch (BackendException e) {
            return Img2ImgResult.error(
                    backend.name(), new ResultError(e.code(), e.getMessage(), List.of(), e.retryAfter()));
        } catch (LedgerUnavailableException e) {
            return jobs.unavailableBeforeAcceptance(e);
        }
    }

    /** Records the job with its notes (answered with it from the ledger) and runs it, or queues it. */
    private Img2ImgResult accept(
            ParsedRequest request,
            Generation generation,
            List<String> notes,
            Double price,
            String key,
            String client,
            WebhookRegistrar.Checked hook,
            Duration waitBudget,
            ProgressListener progress) {
        Map<String, Object> tree = new LinkedHashMap<>(RequestTree.of(request.request()));
        tree.put("seed", generation.seedText()); // the seed drawn now: a run again renders the same images
        JobDraft draft = new JobDraft(
                JobIds.newJobId(),
                backend.identity(),
                generation.seedText(),
                price,
                policy.maxCreativeUnits(),
                tree,
                RequestTree.imageBytes(request.request()),
                key,
                key == null ? null : JobIds.fingerprint(request.request(), hook.registration()),
                notes,
                client,
                hook.registration());
        Acceptance acceptance = jobs.accept(draft, generation);
        boolean claimed = acceptance.job() != null && acceptance.job().state() == JobState.CLAIMED;
        return switch (acceptance.outcome()) {
            case ACCEPTED -> {
                progress.onProgress(0, "job " + draft.jobId() + (claimed ? " started" : " queued"));
                yield jobs.await(draft.jobId(), acceptance.job(), waitBudget, progress, true);
            }
            case EXISTING -> jobs.await(acceptance.job().jobId(), acceptance.job(), waitBudget, progress, false);
            case BUDGET_EXHAUSTED ->
                error(
                        ErrorCode.BUDGET_EXHAUSTED,
                        DailyBudget.refusal(price, jobs.policy().dailyCreativeUnits(), acceptance.retryAfter()),
                        acceptance.retryAfter());
            default -> Img2ImgResult.error(backend.name(), jobs.refusal(acceptance, key));
        };
    }

    private Img2ImgResult error(ErrorCode code, String message, Duration retryAfter) {
        return Img2ImgResult.error(backend.name(), new ResultError(code, message, List.of(), retryAfter));
    }

    private Img2ImgResult refuse(List<Violation> violations) {
        return Img2ImgResult.error(backend.name(), ResultError.invalid(violations));
    }
}
