package io.img2img.adapter.rest;

import io.img2img.adapter.http.Problem;
import io.img2img.domain.model.ModelListJson;
import io.img2img.domain.request.FieldCatalogue;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.schema.JsonSchemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.1 description of the REST API. Its schemas are the domain's (JSON Schema 2020-12,
 * which OpenAPI 3.1 embeds as is): the request rules cannot drift from the description.
 */
final class OpenApiDocument {
    private OpenApiDocument() {}

    static Map<String, Object> build(String version, String serverUrl) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put(
                "info",
                Map.of(
                        "title",
                        "img2img",
                        "version",
                        version,
                        "description",
                        "One reference image and a prompt in, new images out. Generations on the scenario backend "
                                + "spend Creative Units: price them first with dryRun=true. Every answer carries "
                                + "X-Request-Id: the caller's own (at most 128 characters of letters, digits and "
                                + "._:@/+=-), else the trace id of a W3C traceparent, else a new one; the log lines "
                                + "written while it is answered carry it, the one accepting its job among them."));
        doc.put("servers", List.of(Map.of("url", serverUrl)));
        doc.put(
                "components",
                Map.of(
                        "schemas",
                                Map.of(
                                        "Img2ImgRequest",
                                        JsonSchemas.request(),
                                        "Img2ImgForm",
                                        OpenApiPaths.formSchema(),
                                        "Img2ImgResult",
                                        JsonSchemas.result(),
                                        "ModelList",
                                        ModelListJson.schema(),
                                        "Problem",
                                        problemSchema()),
                        "securitySchemes",
                                Map.of(
                                        "bearer",
                                        Map.of(
                                                "type",
                                                "http",
                                                "scheme",
                                                "bearer",
                                                "description",
                                                "IMG2IMG_API_TOKEN, when the server has one"))));
        doc.put("security", List.of(Map.of("bearer", List.of())));
        doc.put("webhooks", OpenApiWebhooks.callbacks());
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("/v1/generate/img2img", Map.of("post", generate()));
        paths.put("/v1/jobs/{jobId}", Map.of("get", job(), "delete", OpenApiJobs.cancel()));
        paths.put("/v1/jobs/{jobId}/events", Map.of("get", JobEventsOpenApi.operation()));
        paths.put("/v1/jobs", Map.of("get", OpenApiJobs.list()));
        paths.put("/v1/assets/{assetId}", Map.of("get", asset()));
        paths.put("/v1/models", Map.of("get", OpenApiPaths.models()));
        paths.put("/v1/usage", Map.of("get", OpenApiUsage.operation()));
        paths.put(
                "/health",
                Map.of(
                        "get",
                        Map.of(
                                "summary",
                                "Liveness, backend and version",
                                "security",
                                List.of(),
                                "responses",
                                Map.of(
                                        "200",
                                        json(
                                                "up",
                                                Map.of(
                                                        "type",
                                                        "object",
                                                        "properties",
                                                        Map.of(
                                                                "status",
                                                                Map.of("type", "string"),
                                                                "backend",
                                                                Map.of("type", "string"),
                                                                "version",
                                                                Map.of("type", "string"))))))));
        paths.put("/health/ready", Map.of("get", OpenApiOperations.ready()));
        paths.put("/metrics", Map.of("get", OpenApiOperations.metrics()));
        doc.put("paths", paths);
        return doc;
    }

    private static Map<String, Object> generate() {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("summary", "Generate images from a reference image and a prompt");
        op.put(
                "description",
                "Validates every field first (all violations at once), starts one job and waits up to "
                        + "Prefer: wait=N seconds (default " + GenerationRoutes.DEFAULT_GENERATE_WAIT.toSeconds()
                        + ", at most "
                        + Prefer.MAX_WAIT.toSeconds() + "). Done: 200 and the result. Still running: 202, "
                        + "Location: /v1/jobs/{jobId} and the result in progress. A failed or canceled job is a 200 result "
                        + "with its status and error. Retrying with the same Idempotency-Key and body returns the same job "
                        + "instead of starting (and billing) a new one. Once a job is accepted its answer always carries its "
                        + "id: if the job ledger fails while the call waits, the answer is 202 with the job's last known state "
                        + "(follow Location). A generation request whose outcome is unknown after it left (a timeout, a broken "
                        + "connection, a 500/502/504/408 or a gateway's page) ends outcome-unknown: the job may have started "
                        + "and is never sent again.");
        op.put("operationId", "postImg2imgInferences");
        List<Map<String, Object>> parameters = new java.util.ArrayList<>();
        FieldCatalogue.queryFlags()
                .forEach(flag -> parameters.add(query(
                        flag.name(),
                        flag.description()
                                + " As a query flag: exactly true or false, given once; any other spelling, value or query parameter "
                                + "is a " + ErrorCode.INVALID_QUERY.httpStatus() + " ("
                                + ErrorCode.INVALID_QUERY.wireName()
                                + "), never a billed job.")));
        parameters.addAll(OpenApiWebhooks.parameters());
        parameters.addAll(List.of(
                header(
                        "Prefer",
                        "wait=N: seconds to wait for the job (default "
                                + GenerationRoutes.DEFAULT_GENERATE_WAIT.toSeconds() + ", max "
                                + Prefer.MAX_WAIT.toSeconds() + ")."),
                header(
                        "Idempotency-Key",
                        "Retry safely: the same key and request return the same job (kept while "
                                + "the job is not finished and 24 h after it ends).")));
        op.put("parameters", parameters);
        op.put(
                "requestBody",
                Map.of(
                        "required",
                        true,
                        "content",
                        Map.of(
                                "application/json",
                                Map.of("schema", ref("Img2ImgRequest")),
                                "multipart/form-data",
                                Map.of("schema", ref("Img2ImgForm")))));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", result("Done (success, failure or canceled), or a dry run's price"));
        responses.put(
                "202",
                Map.of(
                        "description",
                        "Still running: follow Location",
                        "headers",
                        Map.of("Location", Map.of("schema", Map.of("type", "string"))),
                        "content",
                        Map.of("application/json", Map.of("schema", ref("Img2ImgResult")))));
        responses.putAll(OpenApiProblems.responses(
                ErrorCode.INVALID_REQUEST,
                ErrorCode.TOO_MANY_PARTS,
                ErrorCode.MALFORMED_MULTIPART,
                ErrorCode.MALFORMED_JSON,
                ErrorCode.BODY_TOO_COMPLEX,
                ErrorCode.INVALID_QUERY,
                ErrorCode.INVALID_IDEMPOTENCY_KEY,
                ErrorCode.UPSTREAM_REJECTED,
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                ErrorCode.UNSUPPORTED_CHARSET,
                ErrorCode.IDEMPOTENCY_KEY_REUSED,
                ErrorCode.COST_OVER_LIMIT,
                ErrorCode.UPSTREAM_RATE_LIMITED,
                ErrorCode.CLIENT_QUEUE_FULL,
                ErrorCode.BUDGET_EXHAUSTED,
                ErrorCode.UPSTREAM_AUTH,
                ErrorCode.UPSTREAM_FAILURE,
                ErrorCode.JOB_MAY_HAVE_STARTED,
                ErrorCode.QUEUE_FULL,
                ErrorCode.IDEMPOTENCY_KEYS_FULL,
                ErrorCode.LEDGER_UNAVAILABLE,
                ErrorCode.UPSTREAM_TIMEOUT,
                ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
                ErrorCode.OUTCOME_UNKNOWN,
                ErrorCode.INTERNAL));
        op.put("responses", responses);
        return op;
    }

    private static Map<String, Object> job() {
        return Map.of(
                "summary",
                "A job's current state, waiting up to Prefer: wait=N seconds (default 0); with its webhook "
                        + "deliveries (webhooks: webhookId, event, url, state pending/delivered/failed, attempts, "
                        + "lastStatus, lastError, lastAttemptAt, nextAttemptAt) when it has any",
                "operationId",
                "getJob",
                "parameters",
                List.of(path("jobId"), header("Prefer", "wait=N: seconds to wait for the job to end.")),
                "responses",
                withOk(
                        Map.of("200", result("Ended"), "202", result("Queued or still running")),
                        OpenApiProblems.responses(
                                ErrorCode.INVALID_REQUEST,
                                ErrorCode.UNKNOWN_JOB,
                                ErrorCode.JOB_EXPIRED,
                                ErrorCode.LEDGER_UNAVAILABLE)));
    }

    private static Map<String, Object> asset() {
        return Map.of(
                "summary",
                "The bytes of an image this server produced, or a preview (maxSide)",
                "operationId",
                "getAsset",
                "parameters",
                List.of(path("assetId"), OpenApiPaths.maxSide()),
                "responses",
                withOk(
                        Map.of(
                                "200",
                                Map.of(
                                        "description",
                                        "The image",
                                        "content",
                                        Map.of(
                                                "image/png",
                                                        Map.of("schema", Map.of("type", "string", "format", "binary")),
                                                "image/jpeg",
                                                        Map.of(
                                                                "schema",
                                                                Map.of("type", "string", "format", "binary"))))),
                        OpenApiProblems.responses(ErrorCode.INVALID_REQUEST, ErrorCode.UNKNOWN_ASSET)));
    }

    private static Map<String, Object> problemSchema() {
        return Map.of(
                "type",
                "object",
                "description",
                "RFC 9457 problem details",
                "properties",
                Map.of(
                        "type",
                        Map.of("type", "string"),
                        "title",
                        Map.of("type", "string"),
                        "status",
                        Map.of("type", "integer"),
                        "detail",
                        Map.of("type", "string"),
                        "code",
                        Map.of("type", "string", "enum", OpenApiProblems.wireNames()),
                        "errors",
                        ((Map<?, ?>) JsonSchemas.errorSchema().get("properties")).get("violations")),
                "required",
                List.of("status", "code"));
    }

    /** The success responses first, then the problems. */
    static Map<String, Object> withOk(Map<String, Object> ok, Map<String, Object> problems) {
        Map<String, Object> all = new LinkedHashMap<>(new java.util.TreeMap<>(ok));
        all.putAll(problems);
        return all;
    }

    static Map<String, Object> result(String description) {
        return json(description, ref("Img2ImgResult"));
    }

    /** A response of {@code description} whose JSON body follows {@code schema}. */
    static Map<String, Object> json(String description, Map<String, Object> schema) {
        return Map.of("description", description, "content", Map.of("application/json", Map.of("schema", schema)));
    }

    static Map<String, Object> problem(String description) {
        return Map.of(
                "description", description, "content", Map.of(Problem.CONTENT_TYPE, Map.of("schema", ref("Problem"))));
    }

    static Map<String, Object> ref(String name) {
        return Map.of("$ref", "#/components/schemas/" + name);
    }

    private static Map<String, Object> query(String name, String description) {
        return query(name, description, Map.of("type", "boolean"));
    }

    /** An optional query parameter. */
    static Map<String, Object> query(String name, String description, Map<String, Object> schema) {
        return Map.of("name", name, "in", "query", "required", false, "description", description, "schema", schema);
    }

    static Map<String, Object> header(String name, String description) {
        return Map.of(
                "name",
                name,
                "in",
                "header",
                "required",
                false,
                "description",
                description,
                "schema",
                Map.of("type", "string"));
    }

    static Map<String, Object> path(String name) {
        return Map.of("name", name, "in", "path", "required", true, "schema", Map.of("type", "string"));
    }
}
