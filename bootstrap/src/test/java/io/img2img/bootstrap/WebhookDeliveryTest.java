package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.sun.net.httpserver.HttpServer;
import io.img2img.application.testkit.Await;
import io.img2img.application.webhook.WebhookDeliverer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §6 "Webhooks" end to end, in the whole object graph of {@code serve --backend local} over real HTTP: a job
 * posted with {@code ?webhook=} is delivered to a real receiver on loopback (allow-listed), signed so that an
 * independent Standard Webhooks check passes; a 500 is retried after the schedule's first wait (5 s) with the same
 * {@code webhook-id} and the same body; the job's answer shows its delivery; bad webhooks are 400 naming the field.
 */
class WebhookDeliveryTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    record Received(String id, String timestamp, String signature, byte[] body) {}

    @TempDir
    Path outputs;

    private InProcessServer server;
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private Optional<WebhookDeliverer> deliverer = Optional.empty();

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 500 : 200, -1);
            exchange.close();
        });
        receiver.start();
        server = InProcessServer.localWithEnv(
                outputs, Map.of("IMG2IMG_WEBHOOK_SECRET", SECRET, "IMG2IMG_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1"));
        deliverer = server.injector.getInstance(Key.get(new TypeLiteral<Optional<WebhookDeliverer>>() {}));
        deliverer.orElseThrow().start();
    }

    @AfterEach
    void stop() {
        deliverer.ifPresent(WebhookDeliverer::stop);
        server.close();
        receiver.stop(0);
    }

    private String hook() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private static boolean verifies(Received r) throws Exception {
        return verifies(SECRET, new WebhookNodeDeathIT.Received(r.id(), r.timestamp(), r.signature(), r.body()));
    }

    /** Standard Webhooks' check, written from the specification, independent of the server's code. */
    static boolean verifies(String secret, WebhookNodeDeathIT.Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        byte[] expected =
                mac.doFinal((r.id() + "." + r.timestamp() + "." + new String(r.body(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        return r.signature().startsWith("v1,")
                && MessageDigest.isEqual(
                        Base64.getDecoder().decode(r.signature().substring(3)), expected);
    }

    @Test
    void a500IsRetriedWithTheSameIdAndTheJobShowsItsDelivery() throws Exception {
        failuresLeft.set(1);
        HttpResponse<String> r = post(
                server.base + "/v1/generate/img2img?webhook="
                        + java.net.URLEncoder.encode(hook(), StandardCharsets.UTF_8),
                body("numSamples", 1, "width", 64, "height", 64));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String jobId = json(r).get("jobId").asText();

        Await.until(() -> received.size(), n -> n >= 2, Duration.ofSeconds(30));
        assertThat(received).hasSize(2);
        Received first = received.get(0);
        Received second = received.get(1);
        assertThat(second.id()).isEqualTo(first.id()).startsWith("msg_");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(verifies(first)).isTrue();
        assertThat(verifies(second)).isTrue();
        assertThat(Long.parseLong(second.timestamp()) - Long.parseLong(first.timestamp()))
                .as("the schedule's first wait, about 5 s")
                .isBetween(4L, 15L);
        JsonNode sent = HttpCalls.JSON.readTree(first.body());
        assertThat(sent.get("jobId").asText()).isEqualTo(jobId);
        assertThat(sent.get("status").asText()).isEqualTo("success");
        assertThat(sent.get("images").get(0).get("url").asText()).startsWith(server.base + "/v1/assets/");

        JsonNode shown = Await.until(
                () -> json(get(server.base + "/v1/jobs/" + jobId))
                        .get("webhooks")
                        .get(0),
                d -> d.get("state").asText().equals("delivered"),
                Duration.ofSeconds(10));
        assertThat(shown.get("webhookId").asText()).isEqualTo(first.id());
        assertThat(shown.get("event").asText()).isEqualTo("completed");
        assertThat(shown.get("attempts").asInt()).isEqualTo(2);
        assertThat(shown.get("lastStatus").asInt()).isEqualTo(200);
        assertThat(received).hasSize(2);
    }

    @Test
    void startProgressAndCompletedAsMultipartFields() throws Exception {
        okhttp3.MultipartBody form = new okhttp3.MultipartBody.Builder()
                .setType(okhttp3.MultipartBody.FORM)
                .addFormDataPart(
                        "image",
                        "reference.png",
                        okhttp3.RequestBody.create(
                                java.nio.file.Files.readAllBytes(Processes.ROOT.resolve("examples/reference.png")),
                                okhttp3.MediaType.get("image/png")))
                .addFormDataPart("modelId", "model_example")
                .addFormDataPart("prompt", "a lighthouse at dusk, warm")
                .addFormDataPart("numSamples", "2")
                .addFormDataPart("webhook", hook())
                .addFormDataPart("webhookEvents", "start,progress,completed")
                .build();
        okhttp3.Response answer = new okhttp3.OkHttpClient()
                .newCall(new okhttp3.Request.Builder()
                        .url(server.base + "/v1/generate/img2img")
                        .post(form)
                        .build())
                .execute();
        String text = answer.body().string();
        answer.close();
        assertThat(answer.code()).as(text).isEqualTo(200);
        String jobId = HttpCalls.JSON.readTree(text).get("jobId").asText();
        JsonNode deliveries = Await.until(
                () -> json(get(server.base + "/v1/jobs/" + jobId)).get("webhooks"),
                d -> d != null
                        && d.size() >= 2
                        && d.get(d.size() - 1).get("state").asText().equals("delivered"),
                Duration.ofSeconds(20));
        List<String> events = new java.util.ArrayList<>();
        deliveries.forEach(d -> events.add(d.get("event").asText()));
        assertThat(events.get(0)).isEqualTo("start");
        assertThat(events.get(events.size() - 1)).isEqualTo("completed");
        assertThat(received.stream().map(Received::id).distinct().count()).isEqualTo(received.size());
    }

    /** The webhook is part of the request an Idempotency-Key stands for: another callback is another request. */
    @Test
    void theSameKeyWithAnotherWebhookIsRefusedAndWithTheSameOneIsTheSameJob() throws Exception {
        String target = server.base + "/v1/generate/img2img?webhook="
                + java.net.URLEncoder.encode(hook(), StandardCharsets.UTF_8);
        Map<String, Object> request = body("numSamples", 1, "width", 64, "height", 64, "seed", "7");
        HttpResponse<String> first = post(target, request, "Idempotency-Key", "hooked-1");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String jobId = json(first).get("jobId").asText();

        HttpResponse<String> same = post(target, request, "Idempotency-Key", "hooked-1");
        assertThat(json(same).get("jobId").asText()).as(same.body()).isEqualTo(jobId);
        for (String other : List.of(
                target + "&webhookEvents=start,completed", target + "x", server.base + "/v1/generate/img2img")) {
            HttpResponse<String> refused = post(other, request, "Idempotency-Key", "hooked-1");
            assertThat(refused.statusCode()).as(other + ": " + refused.body()).isEqualTo(422);
            assertThat(json(refused).get("code").asText()).isEqualTo("idempotency-key-reused");
        }
        HttpResponse<String> unhooked =
                post(server.base + "/v1/generate/img2img", request, "Idempotency-Key", "plain-1");
        assertThat(post(server.base + "/v1/generate/img2img", request, "Idempotency-Key", "plain-1")
                        .body())
                .as("a keyed request without a webhook replays as before")
                .contains(json(unhooked).get("jobId").asText());
        JsonNode deliveries = Await.until(
                () -> json(get(server.base + "/v1/jobs/" + jobId)).get("webhooks"),
                d -> d != null && d.size() > 0 && d.get(0).get("state").asText().equals("delivered"),
                Duration.ofSeconds(20));
        assertThat(deliveries).as("the replay registered no second callback").hasSize(1);
    }

    @Test
    void badWebhooksAre400NamingTheField() throws Exception {
        HttpResponse<String> https = post(
                server.base + "/v1/generate/img2img?webhook=http://hooks.example.com/x",
                body("numSamples", 1, "width", 64, "height", 64));
        assertThat(https.statusCode()).as(https.body()).isEqualTo(400);
        assertThat(https.body()).contains("\"field\":\"webhook\"").contains("must be https");

        HttpResponse<String> twice = post(
                server.base + "/v1/generate/img2img?webhook=" + hook() + "&webhook=" + hook(),
                body("numSamples", 1, "width", 64, "height", 64));
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("\"field\":\"webhook\"");

        HttpResponse<String> loopback = post(
                server.base + "/v1/generate/img2img?webhook=https://localhost:1/x",
                body("numSamples", 1, "width", 64, "height", 64));
        assertThat(loopback.statusCode()).as(loopback.body()).isEqualTo(400);
        assertThat(loopback.body()).contains("\"field\":\"webhook\"").contains("loopback");

        HttpResponse<String> events = post(
                server.base + "/v1/generate/img2img?webhook=" + hook() + "&webhookEvents=done",
                body("numSamples", 1, "width", 64, "height", 64));
        assertThat(events.statusCode()).isEqualTo(400);
        assertThat(events.body()).contains("\"field\":\"webhookEvents\"");
        assertThat(received).isEmpty();
    }
}
