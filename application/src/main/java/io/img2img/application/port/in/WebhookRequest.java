package io.img2img.application.port.in;

/**
 * A webhook asked for with a generation (SPEC §6), as the caller wrote it: checked when the job is accepted.
 *
 * @param url    the callback URL
 * @param events the comma-separated events ({@code start,progress,completed}), or {@code null}: {@code completed}
 */
public record WebhookRequest(String url, String events) {}
