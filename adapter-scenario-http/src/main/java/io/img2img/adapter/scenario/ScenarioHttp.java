package io.img2img.adapter.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.Clock;
import io.img2img.domain.result.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * HTTP to Scenario: Basic credentials on calls to the API base URL only (never to signed download
 * URLs), bounded retries for reads, and for the generation POST only when Scenario provably
 * started nothing (SPEC §8). Every failure leaves as a {@link BackendException} with a message fit for users.
 */
final class ScenarioHttp {
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    static final ObjectMapper JSON = new ObjectMapper();

    /** Parsed once: OkHttp's URL parser maps the host through IDNA on every parse, a third of a call's CPU. */
    private final HttpUrl base;

    private final String authorization;
    private final OkHttpClient reads;
    private final OkHttpClient posts;
    private final RetryExecutor retries;

    ScenarioHttp(ScenarioSettings settings, OkHttpClient shared, Clock clock) {
        this.base = HttpUrl.parse(settings.base());
        if (base == null) {
            throw new IllegalArgumentException("SCENARIO_API_URL is not an http(s) URL");
        }
        this.authorization = Credentials.basic(settings.apiKey(), settings.apiSecret());
        OkHttpClient configured = shared.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .callTimeout(settings.callTimeout())
                .followRedirects(false) // a redirect must not carry our credentials elsewhere
                .build();
        this.reads = configured;
        // OkHttp would silently re-send a POST written onto a broken pooled connection: never for a billed call
        this.posts = configured
                .newBuilder()
                .retryOnConnectionFailure(false)
                .eventListenerFactory(call -> new SentTracker())
                .build();
        this.retries = new RetryExecutor(clock);
    }

    /**
     * A GET of {@code {base}/{segments...}?{query}}, retried on 429, 5xx and I/O errors. Each segment is encoded:
     * an id Scenario handed back cannot reach another path or add a query.
     */
    ScenarioAnswer get(List<String> segments, Map<String, String> query) throws BackendException {
        HttpUrl.Builder url = base.newBuilder();
        segments.forEach(url::addPathSegment);
        query.forEach(url::addQueryParameter);
        Request request = new Request.Builder()
                .url(url.build())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .get()
                .build();
        return retries.run(RetryPolicy.READS, "reading from Scenario", () -> {
            try (Response response = reads.newCall(request).execute()) {
                if (!retryable(response.code())) {
                    return ScenarioAnswer.read(response);
                }
                Duration hint = retryAfter(response);
                throw new RetryExecutor.Retryable(ScenarioErrors.translate(response.code(), null, hint), hint);
            } catch (IOException e) {
                throw new RetryExecutor.Retryable(ScenarioErrors.ioFailure("reading from Scenario", e), null);
            } catch (BackendException e) {
                throw new RetryExecutor.Retryable(e, null); // unreadable JSON: a glitch worth one more try
            }
        });
    }

    /** The bytes at a signed URL: no credentials (another host), retried like any read. */
    byte[] download(String signedUrl) throws BackendException {
        HttpUrl url = HttpUrl.parse(signedUrl);
        if (url == null) {
            throw new BackendException(ErrorCode.UPSTREAM_FAILURE, "Scenario gave an invalid asset URL");
        }
        Request request = new Request.Builder().url(url).get().build();
        return retries.run(RetryPolicy.READS, "downloading an image from Scenario", () -> {
            try (Response response = reads.newCall(request).execute()) {
                if (response.isSuccessful()) {
                    return response.body().bytes();
                }
                BackendException failed = new BackendException(
                        ErrorCode.UPSTREAM_FAILURE,
                        "downloading an image from Scenario failed (HTTP " + response.code() + ")");
                if (!retryable(response.code())) {
                    throw failed;
                }
                throw new RetryExecutor.Retryable(failed, retryAfter(response));
            } catch (IOException e) {
                throw new RetryExecutor.Retryable(
                        ScenarioErrors.ioFailure("downloading an image from Scenario", e), null);
            }
        });
    }

    /**
     * The money guard's dry run: it starts nothing and costs nothing, so it is retried on Scenario's 429 and
     * 503; any other answer goes to the caller.
     */
    ScenarioAnswer dryRun(String path, Map<String, String> query, Object body) throws BackendException {
        byte[] json = json(body);
        HttpUrl url = postUrl(path, query);
        return retries.run(RetryPolicy.SUBMIT, "Scenario refused the dry run", () -> {
            AtomicBoolean sent = new AtomicBoolean();
            try (Response response = posts.newCall(postRequest(url, json, sent)).execute()) {
                if (response.code() != 429 && response.code() != 503) {
                    return ScenarioAnswer.read(response);
                }
                Duration hint = retryAfter(response);
                throw new RetryExecutor.Retryable(ScenarioErrors.refused(response.code(), hint), hint);
            } catch (IOException e) {
                if (SentTracker.provablyNotSent(sent)) {
                    throw new RetryExecutor.Retryable(ScenarioErrors.notConnected(e), null);
                }
                throw ScenarioErrors.ioFailure("Scenario's dry run", e);
            }
        });
    }

    /**
     * The billed generation POST (SPEC §8). Its answer is returned when it is a 2xx with readable JSON, or one of
     * Scenario's own refusals that are not worth repeating (a 4xx other than 408 and 429 carrying Scenario's error
     * JSON). A 429, or a 503 carrying Scenario's error JSON or {@code Retry-After}, proves nothing started and is
     * retried, bounded, honouring {@code Retry-After}; so is a connection that never carried the request. Any other
     * outcome once the request left (500, 502, 504, 408, a page that is not Scenario's JSON, a timeout, a broken
     * connection, an unreadable body) may have started a job: it is never sent again and fails with
     * {@code JOB_MAY_HAVE_STARTED}.
     */
    ScenarioAnswer generate(String path, Map<String, String> query, Object body) throws BackendException {
        byte[] json = json(body);
        HttpUrl url = postUrl(path, query);
        return retries.run(RetryPolicy.SUBMIT, "Scenario refused the generation request, no job started", () -> {
            AtomicBoolean sent = new AtomicBoolean();
            try (Response response = posts.newCall(postRequest(url, json, sent)).execute()) {
                int code = response.code();
                byte[] bytes = response.body().bytes(); // a body cut short is a lost answer: the catch below
                JsonNode error = ScenarioErrors.scenarioError(response.header("Content-Type"), bytes);
                Duration hint = retryAfter(response);
                if (code == 429 || (code == 503 && (error != null || hint != null))) {
                    throw new RetryExecutor.Retryable(ScenarioErrors.refused(code, hint), hint);
                }
                if (code >= 400 && code < 500 && code != 408 && error != null) {
                    return new ScenarioAnswer(code, error);
                }
                if (code >= 200 && code < 300) {
                    JsonNode answer = ScenarioErrors.jsonObject(bytes);
                    if (answer != null) {
                        return new ScenarioAnswer(code, answer);
                    }
                }
                throw ScenarioErrors.unprovenAnswer(code, error != null);
            } catch (IOException e) {
                if (SentTracker.provablyNotSent(sent)) {
                    throw new RetryExecutor.Retryable(ScenarioErrors.notConnected(e), null);
                }
                throw ScenarioErrors.answerLost(e);
            }
        });
    }

    /**
     * One POST of {@code body} to {@code {base}/{segments...}} (each segment encoded), never retried (OkHttp's silent
     * re-send is off too): true for a 2xx answer, false for any other answer or none. For an action whose outcome is
     * learned elsewhere (Scenario's cancel action: the job's status says whether it took).
     */
    boolean postOnce(List<String> segments, Object body) {
        HttpUrl.Builder url = base.newBuilder();
        segments.forEach(url::addPathSegment);
        try {
            byte[] json = json(body);
            try (Response response = posts.newCall(postRequest(url.build(), json, new AtomicBoolean()))
                    .execute()) {
                return response.isSuccessful();
            }
        } catch (IOException | BackendException e) {
            return false;
        }
    }

    private HttpUrl postUrl(String path, Map<String, String> query) {
        HttpUrl.Builder url = base.newBuilder().addPathSegments(path);
        query.forEach(url::addQueryParameter);
        return url.build();
    }

    private Request postRequest(HttpUrl url, byte[] json, AtomicBoolean sent) {
        return SentTracker.tracked(new Request.Builder(), sent)
                .url(url)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .post(RequestBody.create(json, JSON_TYPE))
                .build();
    }

    private static byte[] json(Object body) throws BackendException {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new BackendException(ErrorCode.INTERNAL, "the request could not be written as JSON");
        }
    }

    /** Frees the dispatcher's threads and the pooled connections (both configured clients share them). */
    void close() {
        reads.dispatcher().executorService().shutdown();
        reads.connectionPool().evictAll();
    }

    private Duration retryAfter(Response response) {
        return RetryPolicy.retryAfter(
                response.header("Retry-After"), retries.clock().now());
    }

    private static boolean retryable(int code) {
        return code == 429 || code >= 500; // refused or failed: nothing was changed, a read may be tried again
    }
}
