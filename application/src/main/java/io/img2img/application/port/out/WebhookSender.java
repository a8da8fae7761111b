package io.img2img.application.port.out;

import io.img2img.domain.result.Img2ImgResult;

/**
 * Sends webhook deliveries (SPEC §6): signed per the Standard Webhooks specification with the server's secret,
 * over a connection checked against server-side request forgery at the address actually connected to.
 */
public interface WebhookSender {
    /** The body of a delivery: the job exactly as {@code GET /v1/jobs/{jobId}} renders it, absolute image URLs. */
    byte[] body(Img2ImgResult job);

    /** One attempt: posts {@code body} signed with {@code webhookId} and the time now; never throws for a failure. */
    Answer post(String url, String webhookId, byte[] body);

    /**
     * @param status the HTTP status, or 0 when there was none
     * @param error  why there was no answer (timeout, refused address, connection failed), or {@code null}
     */
    record Answer(int status, String error) {
        public boolean delivered() {
            return status >= 200 && status < 300;
        }
    }
}
