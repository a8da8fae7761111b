package io.img2img.adapter.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.port.out.BackendException;
import io.img2img.domain.result.ErrorCode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/** Scenario's failures as the errors they mean to our users. */
final class ScenarioErrors {
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);
    private static final String[] ERROR_FIELDS = {"reason", "message", "error", "detail", "apiError"};

    private ScenarioErrors() {}

    /** A non-success answer as the error it means; 404 is left to the caller (its meaning depends on the path). */
    static BackendException translate(int code, JsonNode body, Duration retryAfter) {
        String reason = reason(body);
        if (code == 400 || code == 422) {
            return new BackendException(
                    ErrorCode.UPSTREAM_REJECTED,
                    "Scenario refused the request" + (reason == null ? "" : ": " + reason));
        }
        if (code == 401 || code == 403) {
            return new BackendException(
                    ErrorCode.UPSTREAM_AUTH,
                    "Scenario refused our credentials or plan (HTTP " + code + ")"
                            + (reason == null ? "" : ": " + reason)
                            + "; check SCENARIO_API_KEY and SCENARIO_API_SECRET");
        }
        if (code == 429) {
            return new BackendException(
                    ErrorCode.UPSTREAM_RATE_LIMITED,
                    "Scenario is rate limiting requests",
                    retryAfter == null ? DEFAULT_RETRY_AFTER : retryAfter);
        }
        if (code == 504 || code == 408) {
            return new BackendException(ErrorCode.UPSTREAM_TIMEOUT, "Scenario timed out (HTTP " + code + ")");
        }
        return new BackendException(
                ErrorCode.UPSTREAM_FAILURE,
                "Scenario failed (HTTP " + code + ")" + (reason == null ? "" : ": " + reason),
                retryAfter);
    }

    /** Scenario turned the generation POST away (429 or 503): nothing was started. */
    static BackendException refused(int code, Duration hint) {
        if (code == 429) {
            return new BackendException(
                    ErrorCode.UPSTREAM_RATE_LIMITED,
                    "Scenario is rate limiting requests; no job " + "was started: retry later",
                    hint == null ? DEFAULT_RETRY_AFTER : hint);
        }
        return new BackendException(
                ErrorCode.UPSTREAM_FAILURE,
                "Scenario is unavailable (HTTP 503); no job was started",
                hint == null ? DEFAULT_RETRY_AFTER : hint);
    }

    /** The generation POST could not be sent at all. */
    static BackendException notConnected(IOException e) {
        return new BackendException(
                ErrorCode.UPSTREAM_FAILURE, "could not connect to Scenario (" + describe(e) + "); no job was started");
    }

    /** The generation POST left but its answer did not come back. */
    static BackendException answerLost(IOException e) {
        return new BackendException(
                ErrorCode.JOB_MAY_HAVE_STARTED,
                "the generation request reached Scenario "
                        + "but its answer was lost (" + describe(e) + "): the job may have started and be billed. "
                        + "It was not sent again; check your Scenario jobs before retrying");
    }

    /**
     * Scenario answered the generation POST in a way that does not prove it started nothing (a 5xx, a 408, a
     * gateway's page, an unexpected success): the job may exist and be billed.
     */
    static BackendException unprovenAnswer(int code, boolean scenarioJson) {
        String what =
                scenarioJson ? "HTTP " + code : "HTTP " + code + " without Scenario's error JSON (a gateway's answer?)";
        return new BackendException(
                ErrorCode.JOB_MAY_HAVE_STARTED,
                "the generation request reached Scenario, which "
                        + "answered " + what
                        + ": the job may have started and be billed. It was not sent again; check your "
                        + "Scenario jobs (GET /v1/jobs, or the web app's job list) before retrying");
    }

    /**
     * The body as Scenario's error JSON — an object with a textual {@code reason}, {@code message}, {@code error},
     * {@code detail} or {@code apiError}, sent as JSON — or {@code null} (a proxy's HTML page, an empty body).
     */
    static JsonNode scenarioError(String contentType, byte[] body) {
        if (contentType == null
                || !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            return null;
        }
        JsonNode json = jsonObject(body);
        if (json == null) {
            return null;
        }
        for (String field : ERROR_FIELDS) {
            if (json.path(field).isTextual()) {
                return json;
            }
        }
        return null;
    }

    /** The bytes as a JSON object, or {@code null} when they are not one. */
    static JsonNode jsonObject(byte[] body) {
        try {
            JsonNode json = ScenarioHttp.JSON.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Scenario's own words, from the fields its errors use. */
    static String reason(JsonNode body) {
        if (body == null) {
            return null;
        }
        for (String field : ERROR_FIELDS) {
            JsonNode v = body.get(field);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                String text = v.asText();
                return text.length() > 500 ? text.substring(0, 500) + "…" : text;
            }
        }
        return null;
    }

    static BackendException ioFailure(String what, IOException e) {
        boolean timeout = e instanceof InterruptedIOException;
        return new BackendException(
                timeout ? ErrorCode.UPSTREAM_TIMEOUT : ErrorCode.UPSTREAM_FAILURE, what + " failed: " + describe(e));
    }

    private static String describe(IOException e) {
        return e instanceof InterruptedIOException
                ? "timed out"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
