package io.img2img.bootstrap.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the tests ask the server directly over its REST API (not through the page): the ledger's jobs, a job of
 * their own, a cancel, an asset's bytes. Each call fails the test on an unexpected answer.
 */
record ServerApi(String base, String token) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The jobs the ledger lists (GET /v1/jobs), newest first. */
    List<JsonNode> jobs() {
        List<JsonNode> out = new ArrayList<>();
        json(send(request("/v1/jobs").GET(), 200)).path("jobs").forEach(out::add);
        return out;
    }

    int jobCount() {
        return jobs().size();
    }

    /** The newest job's first image's asset id. */
    String newestAssetId() {
        return jobs().get(0).path("images").get(0).path("assetId").asText();
    }

    /**
     * Starts a job over REST on examples/reference.png and answers at once (Prefer: wait=0) with its accepted
     * result; the local renderer takes minutes for 128 samples of 2048 px, so such a job holds its slot until
     * {@link #cancel}led.
     */
    JsonNode startJob(int samples, int side) {
        return json(generate(samples, side, 202));
    }

    /** The same request as {@link #startJob}, expecting {@code status}: the whole answer. */
    HttpResponse<String> generate(int samples, int side, int status) {
        String image;
        try {
            image = "data:image/png;base64,"
                    + Base64.getEncoder().encodeToString(Files.readAllBytes(PlaygroundPage.REFERENCE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> body = Map.of(
                "modelId",
                "local-procedural",
                "prompt",
                "a job started over REST",
                "image",
                image,
                "numSamples",
                samples,
                "width",
                side,
                "height",
                side);
        try {
            return send(
                    request("/v1/generate/img2img")
                            .header("Content-Type", "application/json")
                            .header("Prefer", "wait=0")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                    status);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode cancel(String jobId) {
        return json(send(request("/v1/jobs/" + jobId).DELETE(), 200));
    }

    /** GET /v1/assets/{id}: the image's bytes as the server keeps them. */
    byte[] asset(String assetId) {
        return send(request("/v1/assets/" + assetId).GET(), HttpResponse.BodyHandlers.ofByteArray(), 200)
                .body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, int status) {
        return send(request, HttpResponse.BodyHandlers.ofString(), status);
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body, int status) {
        try {
            HttpResponse<T> answer = HTTP.send(request.build(), body);
            assertThat(answer.statusCode())
                    .as(() -> answer.body() instanceof String text ? text : "")
                    .isEqualTo(status);
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
