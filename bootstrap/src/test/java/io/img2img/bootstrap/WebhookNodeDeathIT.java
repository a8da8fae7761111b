package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.img2img.application.testkit.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §6 "Webhooks": a node SIGKILLed while it holds a delivery (claimed and sent, its answer not yet recorded)
 * loses nothing: another node on the same ledger sends it again once the claim's lease ends, with the same
 * {@code webhook-id} and a valid signature. Two fat-jar processes, one after the other, on one SQLite file.
 */
class WebhookNodeDeathIT {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dir;

    record Received(String id, String timestamp, String signature, byte[] body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer receiver;

    @AfterEach
    void stopReceiver() {
        release.countDown();
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aNodeKilledMidDeliveryLosesNothingAndAnotherSendsTheSameId() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    exchange.getRequestBody().readAllBytes()));
            if (received.size() == 1) { // the first node's attempt: held until that node is dead
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        Map<String, String> env = ServeProcess.env(
                dir,
                "IMG2IMG_BACKEND",
                "local",
                "IMG2IMG_WEBHOOK_SECRET",
                SECRET,
                "IMG2IMG_WEBHOOK_ALLOWED_HOSTS",
                "127.0.0.1",
                "IMG2IMG_LEASE_SECONDS",
                "2");

        String jobId;
        try (ServeProcess first = ServeProcess.start(env)) {
            HttpResponse<String> r = post(
                    first.base + "/v1/generate/img2img?webhook=" + URLEncoder.encode(hook, StandardCharsets.UTF_8),
                    body("numSamples", 1, "width", 64, "height", 64));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            jobId = json(r).get("jobId").asText();
            Await.until(received::size, n -> n >= 1, Duration.ofSeconds(30));
            assertThat(received)
                    .as("the first node's attempt reached the receiver")
                    .hasSize(1);
            first.kill(); // SIGKILL while its delivery is claimed and unanswered
        }
        long killedAt = System.nanoTime();

        try (ServeProcess second = ServeProcess.start(env)) {
            Await.until(received::size, n -> n >= 2, Duration.ofSeconds(60));
            long tookSeconds = (System.nanoTime() - killedAt) / 1_000_000_000L;
            assertThat(received).hasSize(2);
            assertThat(received.get(1).id()).isEqualTo(received.get(0).id());
            assertThat(WebhookDeliveryTest.verifies(SECRET, received.get(1))).isTrue();
            // the lease is IMG2IMG_LEASE_SECONDS + the 10 s call timeout: another node sends within it
            assertThat(tookSeconds).isLessThan(45);
            JsonNode delivery = Await.until(
                    () -> json(get(second.base + "/v1/jobs/" + jobId))
                            .get("webhooks")
                            .get(0),
                    d -> d.get("state").asText().equals("delivered"),
                    Duration.ofSeconds(20));
            assertThat(delivery.get("webhookId").asText())
                    .isEqualTo(received.get(0).id());
            assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
            System.out.println("webhook taken over by the second node " + tookSeconds + " s after the SIGKILL");
        }
    }
}
