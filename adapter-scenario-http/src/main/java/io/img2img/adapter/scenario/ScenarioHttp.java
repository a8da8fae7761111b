package io.img2img.adapter.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.application.port.out.BackendException;
import io.img2img.domain.result.ErrorCode;
import okhttp3.Call;
import okhttp3.Credentials;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP to Scenario: Basic credentials on calls to the API base URL only (never to signed download
 * URLs), bounded retries for reads, and for the generation POST only when Scenario provably
 * started nothing. Every failure leaves as a {@link BackendException} with a message fit for users.
 */
final class ScenarioHttp {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioHttp.class);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer whose status the caller interprets. */
    record Answer(int code, JsonNode body) {
    }

    /** Parsed once: OkHttp's URL parser maps the host through IDNA on every parse, a third of a call's CPU. */
    private final HttpUrl base;
    private final String authorization;
    private final OkHttpClient reads;
    private final OkHttpClient posts;
    private final Sleeper sleeper;

    ScenarioHttp(ScenarioSettings settings, OkHttpClient shared, Sleeper sleeper) {
        this.base = HttpUrl.parse(settings.base());
        if (base == null) {
            throw new IllegalArgumentException("SCENARIO_API_URL is not an http(s) URL");
        }
        this.authorization = Credentials.basic(settings.apiKey(), settings.apiSecret());
        OkHttpClient configured = shared.newBuilder()
                .connectTimeout(settings.connectTimeout()).readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout()).callTimeout(settings.callTimeout())
                .followRedirects(false) // a redirect must not carry our credentials elsewhere
                .build();
        this.reads = configured;
        // OkHttp would silently re-send a POST written onto a broken pooled connection: never for a billed call
        this.posts = configured.newBuilder().retryOnConnectionFailure(false)
                .eventListenerFactory(call -> new SentTracker()).build();
        this.sleeper = sleeper;
    }

    /**
     * A GET of {@code {base}/{collection}/{id}}, retried on 429, 5xx and I/O errors. The id is one path
     * segment, encoded: an id Scenario handed back cannot reach another path or add a query.
     */
    Answer get(String collection, String id) throws BackendException {
        return read(new Request.Builder().url(base.newBuilder().addPathSegment(collection).addPathSegment(id).build())
                .header("Authorization", authorization)
                .header("Accept", "application/json").get().build(), true);
    }

    /** The bytes at a signed URL: no credentials (another host), retried like any read. */
    byte[] download(String signedUrl) throws BackendException {
        HttpUrl url = HttpUrl.parse(signedUrl);
        if (url == null) {
            throw new BackendException(ErrorCode.UPSTREAM_FAILURE, "Scenario gave an invalid asset URL");
        }
        Request request = new Request.Builder().url(url).get().build();
        for (int attempt = 0; ; attempt++) {
            Duration hint = null;
            try (Response response = reads.newCall(request).execute()) {
                if (response.isSuccessful()) {
                    return response.body().bytes();
                }
                if (!retryable(response.code()) || attempt + 1 >= RetryPolicy.READS.maxAttempts()) {
                    throw new BackendException(ErrorCode.UPSTREAM_FAILURE, "downloading an image from Scenario failed "
                            + "(HTTP " + response.code() + ")");
                }
                hint = RetryPolicy.retryAfter(response.header("Retry-After"));
            } catch (IOException e) {
                if (attempt + 1 >= RetryPolicy.READS.maxAttempts()) {
                    throw ioFailure("downloading an image from Scenario", e);
                }
            }
            pause(RetryPolicy.READS, attempt, hint);
        }
    }

    /**
     * The generation POST. Repeated only when Scenario answered 429 or 503 (it refused the request) or
     * the connection never carried the request; never after a timeout or a break once it was sent.
     */
    Answer post(String path, Map<String, String> query, Object body) throws BackendException {
        HttpUrl.Builder url = base.newBuilder().addPathSegments(path);
        query.forEach(url::addQueryParameter);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new BackendException(ErrorCode.INTERNAL, "the request could not be written as JSON");
        }
        RetryPolicy policy = RetryPolicy.SUBMIT;
        long waited = 0;
        for (int attempt = 0; ; attempt++) {
            AtomicBoolean sent = new AtomicBoolean();
            Request request = new Request.Builder().url(url.build()).header("Authorization", authorization)
                    .header("Accept", "application/json").tag(AtomicBoolean.class, sent)
                    .post(RequestBody.create(json, JSON_TYPE)).build();
            Duration hint;
            Answer refusal;
            try (Response response = posts.newCall(request).execute()) {
                if (response.code() != 429 && response.code() != 503) {
                    return answer(response);
                }
                hint = RetryPolicy.retryAfter(response.header("Retry-After"));
                refusal = answer(response);
            } catch (IOException e) {
                if (sent.get()) {
                    throw new BackendException(ErrorCode.JOB_MAY_HAVE_STARTED, "the generation request reached Scenario "
                            + "but its answer was lost (" + describe(e) + "): the job may have started and be billed. "
                            + "It was not sent again; check your Scenario jobs before retrying");
                }
                if (attempt + 1 >= policy.maxAttempts()) {
                    throw new BackendException(ErrorCode.UPSTREAM_FAILURE, "could not connect to Scenario ("
                            + describe(e) + "); no job was started");
                }
                hint = null;
                refusal = null;
            }
            Duration wait = policy.backoff(attempt, hint);
            if (attempt + 1 >= policy.maxAttempts() || waited + wait.toMillis() > policy.maxTotalWait().toMillis()) {
                throw refused(refusal, hint);
            }
            LOG.info("Scenario refused the generation request (HTTP {}); no job started, retrying in {} ms",
                    refusal == null ? "none" : refusal.code(), wait.toMillis());
            waited += wait.toMillis();
            sleep(wait);
        }
    }

    private static BackendException refused(Answer refusal, Duration hint) {
        if (refusal != null && refusal.code() == 429) {
            return new BackendException(ErrorCode.UPSTREAM_RATE_LIMITED, "Scenario is rate limiting requests; no job "
                    + "was started: retry later", hint == null ? Duration.ofSeconds(10) : hint);
        }
        return new BackendException(ErrorCode.UPSTREAM_FAILURE, "Scenario is unavailable (HTTP 503); no job was started",
                hint == null ? Duration.ofSeconds(10) : hint);
    }

    private Answer read(Request request, boolean retry) throws BackendException {
        RetryPolicy policy = RetryPolicy.READS;
        long waited = 0;
        for (int attempt = 0; ; attempt++) {
            Duration hint = null;
            BackendException last;
            try (Response response = reads.newCall(request).execute()) {
                if (!retryable(response.code())) {
                    return answer(response);
                }
                hint = RetryPolicy.retryAfter(response.header("Retry-After"));
                last = translate(response.code(), null, hint);
            } catch (IOException e) {
                last = ioFailure("reading from Scenario", e);
            } catch (BackendException e) {
                last = e; // unreadable JSON: a glitch worth one more try
            }
            Duration wait = policy.backoff(attempt, hint);
            if (!retry || attempt + 1 >= policy.maxAttempts() || waited + wait.toMillis() > policy.maxTotalWait().toMillis()) {
                throw last;
            }
            waited += wait.toMillis();
            pause(policy, attempt, wait);
        }
    }

    private void pause(RetryPolicy policy, int attempt, Duration hintOrWait) throws BackendException {
        sleep(hintOrWait != null ? hintOrWait : policy.backoff(attempt, null));
    }

    private void sleep(Duration wait) throws BackendException {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(ErrorCode.UPSTREAM_TIMEOUT, "interrupted while waiting to retry Scenario");
        }
    }

    private static boolean retryable(int code) {
        return code == 429 || code >= 500;
    }

    private static Answer answer(Response response) throws BackendException {
        byte[] bytes;
        try {
            bytes = response.body().bytes();
        } catch (IOException e) {
            throw ioFailure("reading Scenario's answer", e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(bytes); // the bytes as they came: no String in between
            if (body == null || body.isMissingNode()) {
                body = JSON.createObjectNode(); // an empty answer
            }
        } catch (IOException e) {
            if (response.isSuccessful() || response.code() == 269) {
                throw new BackendException(ErrorCode.UPSTREAM_FAILURE, "Scenario answered with malformed JSON (HTTP "
                        + response.code() + ")");
            }
            String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8);
            body = JSON.createObjectNode().put("message", text);
        }
        return new Answer(response.code(), body);
    }

    /** A non-success answer as the error it means; 404 is left to the caller (its meaning depends on the path). */
    static BackendException translate(int code, JsonNode body, Duration retryAfter) {
        String reason = reason(body);
        if (code == 400 || code == 422) {
            return new BackendException(ErrorCode.UPSTREAM_REJECTED, "Scenario refused the request"
                    + (reason == null ? "" : ": " + reason));
        }
        if (code == 401 || code == 403) {
            return new BackendException(ErrorCode.UPSTREAM_AUTH, "Scenario refused our credentials or plan (HTTP " + code
                    + ")" + (reason == null ? "" : ": " + reason) + "; check SCENARIO_API_KEY and SCENARIO_API_SECRET");
        }
        if (code == 429) {
            return new BackendException(ErrorCode.UPSTREAM_RATE_LIMITED, "Scenario is rate limiting requests",
                    retryAfter == null ? Duration.ofSeconds(10) : retryAfter);
        }
        if (code == 504 || code == 408) {
            return new BackendException(ErrorCode.UPSTREAM_TIMEOUT, "Scenario timed out (HTTP " + code + ")");
        }
        return new BackendException(ErrorCode.UPSTREAM_FAILURE, "Scenario failed (HTTP " + code + ")"
                + (reason == null ? "" : ": " + reason), retryAfter);
    }

    /** Scenario's own words, from the fields its errors use. */
    static String reason(JsonNode body) {
        if (body == null) {
            return null;
        }
        for (String field : new String[]{"reason", "message", "error", "detail"}) {
            JsonNode v = body.get(field);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                String text = v.asText();
                return text.length() > 500 ? text.substring(0, 500) + "…" : text;
            }
        }
        return null;
    }

    private static BackendException ioFailure(String what, IOException e) {
        boolean timeout = e instanceof InterruptedIOException;
        return new BackendException(timeout ? ErrorCode.UPSTREAM_TIMEOUT : ErrorCode.UPSTREAM_FAILURE,
                what + " failed: " + describe(e));
    }

    private static String describe(IOException e) {
        return e instanceof InterruptedIOException ? "timed out" : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Marks the request's tag once its headers start going out: from then on a job may exist. */
    private static final class SentTracker extends EventListener {
        @Override
        public void requestHeadersStart(Call call) {
            AtomicBoolean sent = call.request().tag(AtomicBoolean.class);
            if (sent != null) {
                sent.set(true);
            }
        }
    }
}
