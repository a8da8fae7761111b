package io.img2img.application.port.in;

import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.result.Img2ImgResult;
import java.time.Duration;

/**
 * Validates a request, starts its job and waits for it up to a budget. Never throws for an expected
 * outcome: invalid input, a refused or failed job, an upstream fault all come back as a result with
 * an error; a job still running when the budget ends comes back in progress with its id.
 */
public interface GenerateImage {

    /**
     * @param request    the request with the type errors met while reading it
     * @param waitBudget how long to wait for the job; zero returns right after it started
     * @param progress   told of the job's progress (0–1, never decreasing)
     */
    default Img2ImgResult generate(ParsedRequest request, Duration waitBudget, ProgressListener progress) {
        return generate(request, null, waitBudget, progress);
    }

    /**
     * @param idempotencyKey the caller's {@code Idempotency-Key}, or {@code null}: the same key and request within
     *                       24 h, on any process sharing the ledger, give the same job and start nothing new
     */
    Img2ImgResult generate(
            ParsedRequest request, String idempotencyKey, Duration waitBudget, ProgressListener progress);

    /**
     * @param client who asks, as the front end tells its clients apart (a REST client's address), or {@code null}:
     *               a known client may hold only its share of the queue (IMG2IMG_MAX_QUEUED_JOBS_PER_CLIENT)
     */
    default Img2ImgResult generate(
            ParsedRequest request,
            String idempotencyKey,
            Duration waitBudget,
            ProgressListener progress,
            String client) {
        return generate(request, idempotencyKey, waitBudget, progress);
    }

    /**
     * @param webhook a callback to register with the job (SPEC §6 "Webhooks"), or {@code null}; checked with the
     *                request, a bad one refuses the request with violations naming {@code webhook}
     */
    default Img2ImgResult generate(
            ParsedRequest request,
            String idempotencyKey,
            Duration waitBudget,
            ProgressListener progress,
            String client,
            WebhookRequest webhook) {
        if (webhook != null) {
            throw new UnsupportedOperationException("this generation takes no webhook");
        }
        return generate(request, idempotencyKey, waitBudget, progress, client);
    }
}
