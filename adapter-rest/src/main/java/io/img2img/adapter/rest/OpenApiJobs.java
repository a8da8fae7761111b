package io.img2img.adapter.rest;

import io.img2img.domain.result.ErrorCode;
import java.util.List;
import java.util.Map;

/** The OpenAPI operations on the ledger's jobs: the job list and cancelling a job. */
final class OpenApiJobs {
    private OpenApiJobs() {}

    static Map<String, Object> list() {
        Map<String, Object> item = Map.of(
                "allOf",
                List.of(
                        OpenApiDocument.ref("Img2ImgResult"),
                        Map.of(
                                "type",
                                "object",
                                "properties",
                                Map.of(
                                        "createdAt", Map.of("type", "string", "format", "date-time"),
                                        "prompt", Map.of("type", "string")))));
        Map<String, Object> page = Map.of(
                "type",
                "object",
                "properties",
                Map.of(
                        "jobs", Map.of("type", "array", "items", item),
                        "nextCursor",
                                Map.of(
                                        "type",
                                        List.of("string", "null"),
                                        "description",
                                        "pass as before= for the next page")));
        return Map.of(
                "summary",
                "The jobs in the ledger, newest first, a page at a time",
                "operationId",
                "listJobs",
                "parameters",
                List.of(
                        OpenApiDocument.query(
                                "limit",
                                "jobs per page (default 20)",
                                Map.of("type", "integer", "minimum", 1, "maximum", 100, "default", 20)),
                        OpenApiDocument.query(
                                "before", "the nextCursor of the previous page", Map.of("type", "string"))),
                "responses",
                OpenApiDocument.withOk(
                        Map.of("200", OpenApiDocument.json("One page", page)),
                        OpenApiProblems.responses(ErrorCode.INVALID_REQUEST, ErrorCode.LEDGER_UNAVAILABLE)));
    }

    static Map<String, Object> cancel() {
        return Map.of(
                "summary",
                "Cancel a job: queued, local in progress, or running at Scenario",
                "description",
                "A queued job, or a local job in progress, is canceled at once (200, status canceled; a local job's images "
                        + "saved so far are kept). A job submitted to Scenario is asked once to cancel there (Scenario's "
                        + "cancel action, sent by one node only, whoever is asked and however often): 202 with status "
                        + "canceling, then followed (GET /v1/jobs/{jobId}) until Scenario reports its end: canceled (the "
                        + "images it made before are kept and listed), or success/failure if it ended first. A job "
                        + "still submitting, or outcome-unknown, is 409 not-cancellable.",
                "operationId",
                "cancelJob",
                "parameters",
                List.of(OpenApiDocument.path("jobId")),
                "responses",
                OpenApiDocument.withOk(
                        Map.of(
                                "200",
                                OpenApiDocument.result("Canceled, or already finished: its final result, unchanged"),
                                "202",
                                OpenApiDocument.result(
                                        "Canceling at Scenario (status canceling): follow it to its end")),
                        OpenApiProblems.responses(
                                ErrorCode.INVALID_REQUEST,
                                ErrorCode.UNKNOWN_JOB,
                                ErrorCode.NOT_CANCELLABLE,
                                ErrorCode.JOB_EXPIRED,
                                ErrorCode.LEDGER_UNAVAILABLE)));
    }
}
