package io.img2img.adapter.rest;

import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.result.Img2ImgResult;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.List;

/**
 * The {@code Idempotency-Key} protocol (SPEC §6): the first request with a key starts the job; a repeat
 * with the same request (the same once parsed, JSON or form alike: {@link RequestFingerprint}) gets that job (or the first answer again), with another request 422; a repeat
 * while the first is still being started waits for it, or 409 when it cannot.
 */
final class IdempotentGenerate {
    /** Live keys kept at most; past it a keyed request is refused, a live key is never evicted. */
    static final int MAX_LIVE_KEYS = 10_000;

    private final IdempotencyKeys keys = new IdempotencyKeys(MAX_LIVE_KEYS);
    private final GenerateImage generateImage;
    private final GetJob getJob;
    private final Responses responses;

    IdempotentGenerate(GenerateImage generateImage, GetJob getJob, Responses responses) {
        this.generateImage = generateImage;
        this.getJob = getJob;
        this.responses = responses;
    }

    void generate(Context ctx, String key, ParsedRequest request, Duration wait) throws Exception {
        if (key.isBlank() || key.length() > 255) {
            Responses.problem(ctx, Problem.of(400, "invalid-idempotency-key", "Bad Request", "Idempotency-Key must be 1 to 255 characters"));
            return;
        }
        String fingerprint = RequestFingerprint.of(request);
        IdempotencyKeys.Entry existing;
        try {
            existing = keys.reserveOrGet(key, fingerprint, System.nanoTime());
        } catch (IdempotencyKeys.Full full) {
            Responses.problem(ctx, new Problem(503, "idempotency-keys-full", "Service Unavailable", "this server holds "
                    + MAX_LIVE_KEYS + " live Idempotency-Keys, each kept 24 h; retry later or send the request without one",
                    List.of(), full.retryAfter));
            return;
        }
        if (existing == null) {
            try {
                Img2ImgResult result = generateImage.generate(request, wait, ProgressListener.NONE);
                IdempotencyKeys.Answer answer = responses.respond(ctx, result);
                keys.get(key).settle(result.jobId(), result.jobId() == null ? answer : null);
            } catch (RuntimeException | Error e) {
                keys.forget(key); // nothing was started by this key that we know of: let a retry try again
                throw e;
            }
            return;
        }
        if (!existing.fingerprint.equals(fingerprint)) {
            Responses.problem(ctx, Problem.of(422, "idempotency-key-reused", "Unprocessable Content", "Idempotency-Key " + key
                    + " was already used with a different request; use a new key for a new request"));
            return;
        }
        if (!existing.awaitSettled(wait)) {
            Responses.problem(ctx, new Problem(409, "idempotency-key-in-use", "Conflict", "the first request with Idempotency-Key "
                    + key + " is still being started; retry shortly", List.of(), Duration.ofSeconds(2)));
            return;
        }
        if (existing.jobId() != null) {
            responses.respond(ctx, getJob.get(existing.jobId(), wait, ProgressListener.NONE));
        } else {
            Responses.replay(ctx, existing.answer());
        }
    }
}
