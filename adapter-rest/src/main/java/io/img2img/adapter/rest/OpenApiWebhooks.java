package io.img2img.adapter.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OpenAPI description of webhooks (SPEC §6): the generation's parameters, the callback, a job's deliveries. */
final class OpenApiWebhooks {
    private OpenApiWebhooks() {}

    static final String HOW = "Deliveries follow the Standard Webhooks specification: headers webhook-id (the same "
            + "on every retry: the receiver's dedup key), webhook-timestamp (unix seconds) and webhook-signature "
            + "(v1, + base64 HMAC-SHA256 of id.timestamp.body keyed with the base64-decoded part of the server's "
            + "IMG2IMG_WEBHOOK_SECRET after whsec_). Any 2xx is delivered; anything else (no redirect is followed, "
            + "10 s at most) is retried after about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then failed.";

    /** {@code webhook} and {@code webhookEvents}, as query parameters (also accepted as form fields). */
    static List<Map<String, Object>> parameters() {
        return List.of(
                OpenApiDocument.query(
                        WebhookFields.URL,
                        "An https URL called back for this job (http only to a host in "
                                + "IMG2IMG_WEBHOOK_ALLOWED_HOSTS); never a loopback, private, link-local or "
                                + "multicast address unless allowed. Needs IMG2IMG_WEBHOOK_SECRET on the server. Also "
                                + "a form field of a multipart request (in one place only). " + HOW,
                        Map.of("type", "string", "format", "uri", "maxLength", 2048)),
                OpenApiDocument.query(
                        WebhookFields.EVENTS,
                        "Which events are delivered: completed (default), or any of start, progress, completed "
                                + "(comma-separated). Each once; progress at most one pending per job.",
                        Map.of(
                                "type",
                                "string",
                                "default",
                                "completed",
                                "examples",
                                List.of("start,progress,completed"))));
    }

    /** The same two as text parts of a multipart form. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> formProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Map<String, Object> p : parameters()) {
            Map<String, Object> schema = new LinkedHashMap<>((Map<String, Object>) p.get("schema"));
            schema.put("description", p.get("description"));
            properties.put((String) p.get("name"), schema);
        }
        return properties;
    }

    /** The top-level {@code webhooks} of the document: what a receiver gets. */
    static Map<String, Object> callbacks() {
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("summary", "A job event (start, progress or completed) of a job registered with ?webhook=");
        post.put(
                "description",
                "The body is the job exactly as GET /v1/jobs/{jobId} returns it (absolute image URLs), without its "
                        + "webhooks member; the first attempt's body is sent again on every retry. " + HOW);
        post.put(
                "parameters",
                List.of(
                        OpenApiDocument.header("webhook-id", "msg_…: stable per event; deduplicate on it."),
                        OpenApiDocument.header("webhook-timestamp", "Unix seconds of this attempt."),
                        OpenApiDocument.header("webhook-signature", "v1,<base64 HMAC-SHA256>")));
        post.put(
                "requestBody",
                Map.of(
                        "required",
                        true,
                        "content",
                        Map.of(
                                "application/json",
                                Map.of("schema", Map.of("$ref", "#/components/schemas/Img2ImgResult")))));
        post.put(
                "responses",
                Map.of("2XX", Map.of("description", "Delivered"), "default", Map.of("description", "Retried")));
        return Map.of("jobEvent", Map.of("post", post));
    }
}
