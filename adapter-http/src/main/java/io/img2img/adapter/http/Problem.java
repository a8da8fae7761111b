package io.img2img.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.ResultError;
import io.img2img.domain.result.ResultJson;
import io.img2img.domain.request.Violation;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem: what every error answer of this server is, whoever writes it (a route, the
 * filter, Jetty's error handler).
 */
public record Problem(int status, String code, String title, String detail, List<Violation> errors, Duration retryAfter) {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(status, code, title, detail, List.of(), null);
    }

    /** The HTTP status of each domain error code (SPEC §6). */
    public static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST, UPSTREAM_REJECTED -> 400;
            case UNKNOWN_JOB, UNKNOWN_ASSET -> 404;
            case IDEMPOTENCY_KEY_IN_PROGRESS, OUTCOME_UNKNOWN, NOT_CANCELLABLE -> 409;
            case JOB_EXPIRED -> 410;
            case COST_OVER_LIMIT, IDEMPOTENCY_KEY_REUSED -> 422;
            case UPSTREAM_RATE_LIMITED, CLIENT_QUEUE_FULL -> 429;
            case QUEUE_FULL, IDEMPOTENCY_KEYS_FULL, LEDGER_UNAVAILABLE -> 503;
            case UPSTREAM_AUTH, UPSTREAM_FAILURE, JOB_MAY_HAVE_STARTED, JOB_FAILED, JOB_CANCELED, INTERRUPTED -> 502;
            case UPSTREAM_TIMEOUT -> 504;
            case INTERNAL -> 500;
        };
    }

    public static Problem of(ResultError error) {
        int status = status(error.code());
        Duration retry = error.retryAfter();
        if (retry == null && (status == 429 || status == 503)) {
            retry = ResultError.DEFAULT_RETRY_AFTER;
        }
        return new Problem(status, error.code().wireName(), title(status), error.message(), error.violations(), retry);
    }

    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "https://img2img.dev/problems/" + code);
        m.put("title", title);
        m.put("status", status);
        m.put("detail", detail);
        m.put("code", code);
        if (!errors.isEmpty()) {
            m.put("errors", ResultJson.violations(errors));
        }
        return m;
    }

    public String json() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (IOException e) {
            return "{\"status\":" + status + ",\"code\":\"" + code + "\"}";
        }
    }

    public long retryAfterSeconds() {
        return ResultError.retryAfterSeconds(retryAfter);
    }

    /** For the filter and servlets, which answer before Javalin. */
    public void writeTo(HttpServletResponse response) throws IOException {
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.setCharacterEncoding("UTF-8");
        if (retryAfter != null) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds()));
        }
        response.getWriter().write(json());
    }
}
