package io.img2img.adapter.rest;

import static io.img2img.adapter.rest.OpenApiDocument.header;
import static io.img2img.adapter.rest.OpenApiDocument.path;
import static io.img2img.adapter.rest.OpenApiDocument.ref;

import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.JobStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/jobs/{jobId}/events} in the OpenAPI description: the stream, its event types, its problems. */
final class JobEventsOpenApi {
    private JobEventsOpenApi() {}

    static Map<String, Object> operation() {
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(
                "200",
                Map.of(
                        "description",
                        "A text/event-stream of the job's changes, ending with its result. "
                                + "Events (data is JSON): `status` {jobId, status: queued|in-progress|canceling, progress, queuePosition (only "
                                + "while queued)}; `progress` {jobId, progress, queuePosition (only while queued, when the queue moved ahead of the job)} (may be merged); `image` {jobId, image: {assetId, url, "
                                + "mimeType, width, height}} once per image as it is saved; `result` the final Img2ImgResult, after "
                                + "which the stream ends. `id:` is the job's ledger version, on the last event of each version; a "
                                + "`: heartbeat` comment every 15 s.",
                        "headers",
                        Map.of("Cache-Control", Map.of("schema", Map.of("type", "string", "const", "no-cache"))),
                        "content",
                        Map.of(
                                "text/event-stream",
                                Map.of(
                                        "schema",
                                        Map.of("type", "string"),
                                        "x-events",
                                        Map.of(
                                                "status",
                                                statusData(),
                                                "progress",
                                                jobData(Map.of()),
                                                "image",
                                                Map.of(
                                                        "type",
                                                        "object",
                                                        "properties",
                                                        Map.of("jobId", string(), "image", Map.of("type", "object"))),
                                                "result",
                                                ref("Img2ImgResult"))))));
        responses.putAll(OpenApiProblems.responses(
                ErrorCode.INVALID_REQUEST,
                ErrorCode.UNKNOWN_JOB,
                ErrorCode.JOB_EXPIRED,
                ErrorCode.TOO_MANY_EVENT_STREAMS_FOR_CLIENT,
                ErrorCode.TOO_MANY_EVENT_STREAMS,
                ErrorCode.LEDGER_UNAVAILABLE));
        return Map.of(
                "summary",
                "Follow a job live: its status, progress, queue position and each image as it is saved",
                "description",
                "Server-sent events. Reconnect with Last-Event-ID (EventSource does it by itself) to "
                        + "resume on any node: status and image events are never lost or repeated.",
                "operationId",
                "getJobEvents",
                "parameters",
                List.of(
                        path("jobId"),
                        header("Last-Event-ID", "the last event id received: resume after that ledger version")),
                "responses",
                responses);
    }

    private static Map<String, Object> statusData() {
        return jobData(Map.of(
                "status",
                Map.of(
                        "type",
                        "string",
                        "enum",
                        java.util.Arrays.stream(JobStatus.values())
                                .filter(st -> !st.terminal())
                                .map(JobStatus::wireName)
                                .toList())));
    }

    /** A status or progress event's data: the job's id, progress and queue position, and {@code more}. */
    private static Map<String, Object> jobData(Map<String, Object> more) {
        Map<String, Object> properties = new java.util.HashMap<>(more);
        properties.put("jobId", string());
        properties.put("progress", Map.of("type", "number", "minimum", 0, "maximum", 1));
        properties.put("queuePosition", Map.of("type", "integer", "minimum", 1));
        return Map.of("type", "object", "properties", properties);
    }

    private static Map<String, Object> string() {
        return Map.of("type", "string");
    }
}
