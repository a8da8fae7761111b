package io.img2img.adapter.rest;

import java.util.List;
import java.util.Map;

/** The OpenAPI operations of what operators call (issue #23): readiness and the Prometheus metrics. */
final class OpenApiOperations {
    private OpenApiOperations() {}

    /** {@code GET /health/ready}: open like /health. */
    static Map<String, Object> ready() {
        Map<String, Object> reasons = Map.of(
                "type",
                "object",
                "required",
                List.of("status"),
                "properties",
                Map.of(
                        "status",
                        Map.of("type", "string", "enum", List.of("ready", "not-ready")),
                        "reasons",
                        Map.of("type", "array", "items", Map.of("type", "string"))));
        Map<String, Object> content = Map.of("application/json", Map.of("schema", reasons));
        return Map.of(
                "operationId",
                "readiness",
                "summary",
                "Readiness: the job ledger answers (within 2 s) and the backend took this node's credentials",
                "description",
                "For load balancers (deploy/haproxy.cfg checks it) and orchestrators. Open like /health: no token. "
                        + "Never cached (Cache-Control: no-store). GET /health (liveness) asks nothing of the ledger.",
                "security",
                List.of(),
                "responses",
                Map.of(
                        "200",
                        Map.of("description", "ready: {\"status\":\"ready\"}", "content", content),
                        "503",
                        Map.of(
                                "description",
                                "not ready: {\"status\":\"not-ready\",\"reasons\":[…]}, the reasons in plain words "
                                        + "(the ledger is unreachable or did not answer in time; the backend "
                                        + "refused this node's credentials)",
                                "content",
                                content)));
    }

    /** {@code GET /metrics}: behind the token when one is set. */
    static Map<String, Object> metrics() {
        return Map.of(
                "operationId",
                "metrics",
                "summary",
                "Prometheus metrics of this node (text format 0.0.4)",
                "description",
                "Jobs accepted and ended (by backend, state, error code), paid POSTs, Creative Units priced and "
                        + "billed, the shared queue per backend identity, slots, lease takeovers and sweeps, job "
                        + "ledger calls and failures by operation, event streams, HTTP requests by route template and "
                        + "status, JVM and process meters. See deploy/README.md for the names and the alert rules.",
                "responses",
                Map.of(
                        "200",
                        Map.of(
                                "description",
                                "the metrics",
                                "content",
                                Map.of("text/plain", Map.of("schema", Map.of("type", "string")))),
                        "401",
                        OpenApiDocument.problem("- unauthorized: the token is missing or wrong")));
    }
}
