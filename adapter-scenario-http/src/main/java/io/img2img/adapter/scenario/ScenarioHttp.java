package io.img2img.adapter.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.Clock;
import io.img2img.domain.result.ErrorCode;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP to Scenario: Basic credentials on calls to the API base URL only (never to signed download
 * URLs), bounded retries for reads, and for the generation POST only when Scenario provably
 * started nothing. Every failure leaves as a {@link BackendException} with a message fit for users.
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
                .connectTimeout(settings.connectTimeout()).readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout()).callTimeout(settings.callTimeout())
                .followRedirects(false) // a redirect must not carry our credentials elsewhere
                .build();
        this.reads = configured;
        // OkHttp would silently re-send a POST written onto a broken pooled connection: never for a billed call
        this.posts = configured.newBuilder().retryOnConnectionFailure(false)
                .eventListenerFactory(call -> new SentTracker()).build();
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
        Request request = new Request.Builder().url(url.build()).header("Authorization", authorization)
                .header("Accept", "application/json").get().build();
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
                BackendException failed = new BackendException(ErrorCode.UPSTREAM_FAILURE,
                        "downloading an image from Scenario failed (HTTP " + response.code() + ")");
                if (!retryable(response.code())) {
                    throw failed;
                }
                throw new RetryExecutor.Retryable(failed, retryAfter(response));
            } catch (IOException e) {
                throw new RetryExecutor.Retryable(ScenarioErrors.ioFailure("downloading an image from Scenario", e), null);
            }
        });
    }

    /**
     * The generation POST. Repeated only when Scenario answered 429 or 503 (it refused the request) or
     * the connection never carried the request; never after a timeout or a break once it was sent.
     */
    ScenarioAnswer post(String path, Map<String, String> query, Object body) throws BackendException {
        HttpUrl.Builder url = base.newBuilder().addPathSegments(path);
        query.forEach(url::addQueryParameter);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new BackendException(ErrorCode.INTERNAL, "the request could not be written as JSON");
        }
        return retries.run(RetryPolicy.SUBMIT, "Scenario refused the generation request, no job started", () -> {
            AtomicBoolean sent = new AtomicBoolean();
            Request request = SentTracker.tracked(new Request.Builder(), sent).url(url.build())
                    .header("Authorization", authorization).header("Accept", "application/json")
                    .post(RequestBody.create(json, JSON_TYPE)).build();
            try (Response response = posts.newCall(request).execute()) {
                if (response.code() != 429 && response.code() != 503) {
                    return ScenarioAnswer.read(response);
                }
                Duration hint = retryAfter(response);
                throw new RetryExecutor.Retryable(ScenarioErrors.refused(response.code(), hint), hint);
            } catch (IOException e) {
                if (SentTracker.provablyNotSent(sent)) {
                    throw new RetryExecutor.Retryable(ScenarioErrors.notConnected(e), null);
                }
                throw ScenarioErrors.answerLost(e);
            }
        });
    }

    /** Frees the dispatcher's threads and the pooled connections (both configured clients share them). */
    void close() {
        reads.dispatcher().executorService().shutdown();
        reads.connectionPool().evictAll();
    }

    private Duration retryAfter(Response response) {
        return RetryPolicy.retryAfter(response.header("Retry-After"), retries.clock().now());
    }

    private static boolean retryable(int code) {
        return code == 429 || code >= 500; // refused or failed: nothing was changed, a read may be tried again
    }
}
