package io.img2img.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.ResultError;
import io.img2img.domain.result.ResultJson;
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
public record Problem(int status, ErrorCode code, String detail, List<Violation> errors, Duration retryAfter) {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A problem with the code's own status (its catalogue entry), and a default Retry-After if the code carries one. */
    public static Problem of(ErrorCode code, String detail) {
        return of(code, detail, List.of(), null);
    }

    public static Problem of(ErrorCode code, String detail, List<Violation> errors, Duration retryAfter) {
        Duration retry = retryAfter == null && code.carriesRetryAfter() ? ResultError.DEFAULT_RETRY_AFTER : retryAfter;
        return new Problem(code.httpStatus(), code, detail, errors, retry);
    }

    /**
     * A problem for a status the HTTP layer chose itself (Jetty's and Javalin's own errors): the code's entry names
     * the kind of problem, the status stays the one the layer answered (414, 431, ...).
     */
    public static Problem withStatus(int status, ErrorCode code, String detail) {
        return new Problem(status, code, detail, List.of(), null);
    }

    public static Problem of(ResultError error) {
        return of(error.code(), error.message(), error.violations(), error.retryAfter());
    }

    public String title() {
        return title(status);
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
        m.put("type", "https://img2img.dev/problems/" + code.wireName());
        m.put("title", title());
        m.put("status", status);
        m.put("detail", detail);
        m.put("code", code.wireName());
        if (!errors.isEmpty()) {
            m.put("errors", ResultJson.violations(errors));
        }
        return m;
    }

    public String json() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (IOException e) {
            return "{\"status\":" + status + ",\"code\":\"" + code.wireName() + "\"}";
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
