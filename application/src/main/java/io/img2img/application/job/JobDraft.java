package io.img2img.application.job;

import io.img2img.application.port.out.WebhookRegistration;
import java.util.List;
import java.util.Map;

/**
 * A generation ready to be recorded as a job: everything but where it starts (claimed by this process, or queued),
 * which the engine decides ({@link JobEngine#accept}). Its fields are {@code NewJob}'s less the state, the holder
 * and the queue limits: a record of its own, so that no use case can choose those.
 *
 * @param referenceImage the reference image's bytes, kept with the job until it ends (a rerun or a claim needs them)
 * @param fingerprint    the request's fingerprint when it has an idempotency key, else {@code null}
 * @param client         who asked (a front end's client key), or {@code null}: unknown; its fair share of the queue applies
 * @param webhook        the callback registered with the job, or {@code null}
 */
public record JobDraft(
        String jobId,
        String backendIdentity,
        String seed,
        Double price,
        Double costLimit,
        Map<String, Object> request,
        byte[] referenceImage,
        String idempotencyKey,
        String fingerprint,
        List<String> notes,
        String client,
        WebhookRegistration webhook) {}
