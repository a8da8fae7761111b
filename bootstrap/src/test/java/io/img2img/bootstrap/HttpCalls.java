package io.img2img.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Real HTTP calls to a server under test, and the example image as a data URL. */
final class HttpCalls {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpCalls() {}

    static String exampleDataUrl() throws IOException {
        return "data:image/png;base64,"
                + Base64.getEncoder()
                        .encodeToString(Files.readAllBytes(Processes.ROOT.resolve("examples/reference.png")));
    }

    static Map<String, Object> body(Object... pairs) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelId", "model_example");
        body.put("prompt", "a lighthouse at dusk, warm");
        body.put("image", exampleDataUrl());
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    static HttpResponse<String> post(String url, Map<String, Object> body, String... headers) throws Exception {
        return CLIENT.send(postRequest(url, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest postRequest(String url, Map<String, Object> body, String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b.build();
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120))
                .GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> getBytes(String url) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /**
     * The job ids answered to concurrent POSTs of one {@code Idempotency-Key}: each answer a job (200/202) or 409
     * {@code idempotency-key-in-progress} while the key's job is being started.
     */
    static List<String> jobIdsOfOneKey(List<java.util.concurrent.Future<HttpResponse<String>>> answers)
            throws Exception {
        List<String> jobIds = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> r = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
            org.assertj.core.api.Assertions.assertThat(r.statusCode())
                    .as(r.body())
                    .isIn(200, 202, 409);
            if (r.statusCode() == 409) {
                org.assertj.core.api.Assertions.assertThat(json(r).get("code").asText())
                        .isEqualTo("idempotency-key-in-progress");
            } else {
                jobIds.add(json(r).get("jobId").asText());
            }
        }
        return jobIds;
    }
}
