package io.img2img.domain.result;

import java.util.Arrays;
import java.util.Optional;

/**
 * The error-code catalogue: every code this service answers, declared once with its name on the wire, its HTTP
 * status, its form over MCP, whether retrying helps, and what it means. REST problems, the OpenAPI document, the
 * MCP tool text and the README's table of codes are all read from here; no code is written as a string elsewhere.
 */
public enum ErrorCode {
    INVALID_REQUEST(
            "invalid-request",
            400,
            Mcp.TOOL_RESULT,
            Retry.NO,
            "one or more fields (or a parameter) break a rule; `errors` lists every violation with its field"),
    UNKNOWN_JOB("unknown-job", 404, Mcp.TOOL_RESULT, Retry.NO, "no job with this id"),
    UNKNOWN_ASSET("unknown-asset", 404, Mcp.TOOL_RESULT, Retry.NO, "no asset with this id on this server"),
    COST_OVER_LIMIT(
            "cost-over-limit",
            422,
            Mcp.TOOL_RESULT,
            Retry.NO,
            "the money guard refused: the price is above IMG2IMG_MAX_CREATIVE_UNITS"),
    UPSTREAM_REJECTED(
            "upstream-rejected",
            400,
            Mcp.TOOL_RESULT,
            Retry.NO,
            "the backend refused the content of the request (Scenario's 400)"),
    UPSTREAM_AUTH(
            "upstream-auth",
            502,
            Mcp.TOOL_RESULT,
            Retry.NO,
            "the backend refused our credentials or plan (Scenario's 401/403)"),
    UPSTREAM_RATE_LIMITED(
            "upstream-rate-limited",
            429,
            Mcp.TOOL_RESULT,
            Retry.AFTER_RETRY_AFTER,
            "the backend is rate limiting requests; nothing was started"),
    UPSTREAM_FAILURE(
            "upstream-failure", 502, Mcp.TOOL_RESULT, Retry.MAY_HELP, "the backend failed or could not be reached"),
    UPSTREAM_TIMEOUT("upstream-timeout", 504, Mcp.TOOL_RESULT, Retry.MAY_HELP, "the backend timed out"),
    JOB_MAY_HAVE_STARTED(
            "job-may-have-started",
            502,
            Mcp.TOOL_RESULT,
            Retry.NOT_BLINDLY,
            "the generation request was sent but its answer was lost: a job may have started (and be billed)"),
    JOB_FAILED("job-failed", 502, Mcp.TOOL_RESULT, Retry.NO, "the backend's job failed"),
    JOB_CANCELED("job-canceled", 502, Mcp.TOOL_RESULT, Retry.NO, "the job was canceled"),
    OUTCOME_UNKNOWN(
            "outcome-unknown",
            409,
            Mcp.TOOL_RESULT,
            Retry.NOT_BLINDLY,
            "the paid request may have started a job at the backend (and billed it): it is never sent again"),
    INTERRUPTED(
            "interrupted",
            502,
            Mcp.TOOL_RESULT,
            Retry.MAY_HELP,
            "a local job whose runs were cut off twice (its process stopped or died each time)"),
    JOB_EXPIRED(
            "job-expired",
            410,
            Mcp.TOOL_RESULT,
            Retry.NO,
            "the job was pruned after its retention (IMG2IMG_RETENTION_DAYS)"),
    LEDGER_UNAVAILABLE(
            "ledger-unavailable",
            503,
            Mcp.TOOL_RESULT,
            Retry.AFTER_RETRY_AFTER,
            "the job ledger cannot be read or written: nothing was submitted (never said of an accepted job)"),
    IDEMPOTENCY_KEY_IN_PROGRESS(
            "idempotency-key-in-progress",
            409,
            Mcp.TOOL_RESULT,
            Retry.AFTER_RETRY_AFTER,
            "the first request with this Idempotency-Key is still being started"),
    IDEMPOTENCY_KEY_REUSED(
            "idempotency-key-reused",
            422,
            Mcp.TOOL_RESULT,
            Retry.NO,
            "the Idempotency-Key was used with another request within 24 h"),
    IDEMPOTENCY_KEYS_FULL(
            "idempotency-keys-full",
            503,
            Mcp.TOOL_RESULT,
            Retry.AFTER_RETRY_AFTER,
            "the ledger holds its maximum of live Idempotency-Keys; none is evicted"),
    QUEUE_FULL(
            "queue-full",
            503,
            Mcp.TOOL_RESULT,
            Retry.AFTER_RETRY_AFTER,
            "the running jobs and the queue are full (IMG2IMG_MAX_QUEUED_JOBS)"),
    CLIENT_QUEUE_FULL(
            "client-queue-full",
            429,
            Mcp.TOOL_RESULT,
            Retry.AFTER_RETRY_AFTER,
            "this client already has its share of the queue (IMG2IMG_MAX_QUEUED_JOBS_PER_CLIENT); others may still queue"),
    BUDGET_EXHAUSTED(
            "budget-exhausted",
            429,
            Mcp.TOOL_RESULT,
            Retry.AFTER_RETRY_AFTER,
            "today's Creative Units budget (IMG2IMG_DAILY_CREATIVE_UNITS) has not enough left for this generation; "
                    + "nothing was sent; it renews at 00:00 UTC"),
    NOT_CANCELLABLE(
            "not-cancellable",
            409,
            Mcp.TOOL_RESULT,
            Retry.NO,
            "the job cannot be canceled: its request is still being sent, its outcome is unknown, or its backend cannot cancel it"),
    INTERNAL("internal-error", 500, Mcp.TOOL_RESULT, Retry.NO, "the server failed to answer (logged on the server)"),

    // The HTTP gate's codes: every request through the one HTTP server (REST, /mcp, the playground) may get them.
    UNAUTHORIZED("unauthorized", 401, Mcp.HTTP_ANSWER, Retry.NO, "missing or wrong bearer token (IMG2IMG_API_TOKEN)"),
    TOO_MANY_FAILED_TOKENS(
            "too-many-failed-tokens",
            429,
            Mcp.HTTP_ANSWER,
            Retry.AFTER_RETRY_AFTER,
            "this address sent too many wrong tokens"),
    FORBIDDEN_ORIGIN(
            "forbidden-origin",
            403,
            Mcp.HTTP_ANSWER,
            Retry.NO,
            "a browser Origin that is neither this server nor in IMG2IMG_ALLOWED_ORIGINS"),
    FORBIDDEN_HOST(
            "forbidden-host",
            403,
            Mcp.HTTP_ANSWER,
            Retry.NO,
            "a Host header that is neither loopback nor the host of IMG2IMG_PUBLIC_URL"),
    AMBIGUOUS_PATH(
            "ambiguous-path",
            400,
            Mcp.HTTP_ANSWER,
            Retry.NO,
            "a request path with dot segments, encoded slashes or other spellings that could name two routes"),
    BODY_TOO_LARGE(
            "body-too-large", 413, Mcp.HTTP_ANSWER, Retry.NO, "the request body is larger than IMG2IMG_MAX_BODY_BYTES"),
    BAD_REQUEST("bad-request", 400, Mcp.HTTP_ANSWER, Retry.NO, "the HTTP request itself is malformed"),

    // The REST API's own codes.
    NOT_FOUND("not-found", 404, Mcp.NONE, Retry.NO, "no route for this method and path"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, Mcp.NONE, Retry.NO, "the route does not take this method"),
    UNSUPPORTED_MEDIA_TYPE(
            "unsupported-media-type",
            415,
            Mcp.NONE,
            Retry.NO,
            "a body that is neither application/json nor multipart/form-data"),
    UNSUPPORTED_CHARSET("unsupported-charset", 415, Mcp.NONE, Retry.NO, "a body in a charset other than UTF-8"),
    INVALID_QUERY(
            "invalid-query",
            400,
            Mcp.NONE,
            Retry.NO,
            "a query parameter that the route does not take, or a "
                    + "flag not given exactly once as true or false: never a billed job"),
    INVALID_IDEMPOTENCY_KEY(
            "invalid-idempotency-key",
            400,
            Mcp.NONE,
            Retry.NO,
            "an Idempotency-Key header that is empty, too long or not printable ASCII"),
    MALFORMED_JSON("malformed-json", 400, Mcp.NONE, Retry.NO, "a body that is not one valid JSON object"),
    BODY_TOO_COMPLEX(
            "body-too-complex",
            400,
            Mcp.NONE,
            Retry.NO,
            "a JSON body past a bound on nesting, string length or number size"),
    TOO_MANY_PARTS("too-many-parts", 400, Mcp.NONE, Retry.NO, "a multipart form with too many parts"),
    MALFORMED_MULTIPART("malformed-multipart", 400, Mcp.NONE, Retry.NO, "a multipart body that cannot be read"),
    TOO_MANY_EVENT_STREAMS(
            "too-many-event-streams",
            503,
            Mcp.NONE,
            Retry.AFTER_RETRY_AFTER,
            "this node has IMG2IMG_MAX_EVENT_STREAMS job event streams open"),
    TOO_MANY_EVENT_STREAMS_FOR_CLIENT(
            "too-many-event-streams-for-client",
            429,
            Mcp.NONE,
            Retry.AFTER_RETRY_AFTER,
            "this client (its address) holds IMG2IMG_MAX_EVENT_STREAMS_PER_CLIENT job event streams");

    /** How a code reaches an MCP client. JSON-RPC protocol errors (numbers) are the SDK's, never one of these codes. */
    public enum Mcp {
        /** A tool result with {@code isError: true} and {@code structuredContent.error.code}. */
        TOOL_RESULT("isError result"),
        /** Over {@code /mcp}: the HTTP answer itself, before any MCP message (never in stdio). */
        HTTP_ANSWER("HTTP answer at /mcp"),
        /** REST only. */
        NONE("—");

        private final String shown;

        Mcp(String shown) {
            this.shown = shown;
        }

        public String shown() {
            return shown;
        }
    }

    /** Whether sending the same request again can help. */
    public enum Retry {
        NO("no"),
        /** Yes, after the Retry-After the answer carries. */
        AFTER_RETRY_AFTER("after Retry-After"),
        /** Perhaps: the failure may be passing. */
        MAY_HELP("may help"),
        /** Not blindly: a job may have started and been billed; look at the job (or the backend) first. */
        NOT_BLINDLY("check the job first");

        private final String shown;

        Retry(String shown) {
            this.shown = shown;
        }

        public String shown() {
            return shown;
        }
    }

    private final String wireName;
    private final int httpStatus;
    private final Mcp mcp;
    private final Retry retry;
    private final String description;

    ErrorCode(String wireName, int httpStatus, Mcp mcp, Retry retry, String description) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
        this.mcp = mcp;
        this.retry = retry;
        this.description = description;
    }

    public String wireName() {
        return wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Mcp mcp() {
        return mcp;
    }

    public Retry retry() {
        return retry;
    }

    public String description() {
        return description;
    }

    /** Whether an answer with this code carries a Retry-After (a default one when the cause gave none). */
    public boolean carriesRetryAfter() {
        return retry == Retry.AFTER_RETRY_AFTER;
    }

    /** The code with this name on the wire (as the job ledger stores it). */
    public static Optional<ErrorCode> ofWireName(String wireName) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(wireName)).findFirst();
    }
}
