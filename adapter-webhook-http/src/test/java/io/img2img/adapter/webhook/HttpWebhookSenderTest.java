package io.img2img.adapter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.img2img.application.port.out.HostResolver;
import io.img2img.application.port.out.WebhookSender;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ProducedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §6 "Webhooks", the sending side, against a real receiver on loopback: Standard Webhooks signatures checked by
 * an independent implementation and the specification's published test vector; no redirect followed; a hanging
 * receiver cut at the call timeout; no connection to a private address unless the host is allowed, whatever DNS
 * answers and for an IP literal too.
 */
class HttpWebhookSenderTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    record Received(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int answer = 200;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(
                    Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes()));
            if (hang) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (answer == 302) {
                exchange.getResponseHeaders().add("Location", "/elsewhere");
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        receiver.createContext("/elsewhere", exchange -> {
            received.add(new Received(Map.of("redirected", List.of("yes")), new byte[0]));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        release.countDown();
        receiver.stop(0);
    }

    private String loopbackUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private static HttpWebhookSender sender(Set<String> allowed, Duration timeout, HostResolver resolver) {
        return new HttpWebhookSender(
                new WebhookSettings(SECRET, allowed, () -> "https://img2img.example", timeout, resolver, null),
                () -> 1_700_000_000L);
    }

    /** Standard Webhooks' verification, written here from the specification, independent of the sender's code. */
    static boolean verifies(String secret, String id, String timestamp, byte[] body, String signatureHeader)
            throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        for (String candidate : signatureHeader.split(" ")) {
            String[] parts = candidate.split(",", 2);
            if (parts.length == 2
                    && parts[0].equals("v1")
                    && MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), expected)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theSignatureMatchesTheStandardWebhooksTestVector() throws Exception {
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.of(SECRET).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, body);
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(verifies(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body, signature))
                .isTrue();
        assertThat(verifies(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265331", body, signature))
                .isFalse();
    }

    @Test
    void aDeliveryIsSignedAndTheReceiverVerifiesIt() throws Exception {
        HttpWebhookSender sender = sender(Set.of("127.0.0.1"), Duration.ofSeconds(5), HostResolver.system());
        Img2ImgResult job = new Img2ImgResult(
                "local",
                "job-1",
                JobStatus.SUCCESS,
                1.0,
                "42",
                null,
                List.of(new ProducedImage("asset-1", null, "image/png", 64, 64, "/out/a.png")),
                false,
                null);
        byte[] body = sender.body(job);
        assertThat(new String(body, StandardCharsets.UTF_8))
                .contains("\"jobId\":\"job-1\"")
                .contains("\"url\":\"https://img2img.example/v1/assets/asset-1\"");

        WebhookSender.Answer answer = sender.post(loopbackUrl(), "msg_1", body);

        assertThat(answer.delivered()).isTrue();
        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(r.header("webhook-id")).isEqualTo("msg_1");
        assertThat(r.header("webhook-timestamp")).isEqualTo("1700000000");
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(r.body()).isEqualTo(body);
        assertThat(verifies(SECRET, "msg_1", r.header("webhook-timestamp"), r.body(), r.header("webhook-signature")))
                .isTrue();
    }

    @Test
    void aNon2xxIsNotDeliveredAndARedirectIsNotFollowed() {
        HttpWebhookSender sender = sender(Set.of("127.0.0.1"), Duration.ofSeconds(5), HostResolver.system());
        answer = 500;
        assertThat(sender.post(loopbackUrl(), "msg_2", new byte[] {'{', '}'}))
                .isEqualTo(new WebhookSender.Answer(500, null));
        answer = 302;
        WebhookSender.Answer redirected = sender.post(loopbackUrl(), "msg_2", new byte[] {'{', '}'});
        assertThat(redirected.status()).isEqualTo(302);
        assertThat(redirected.delivered()).isFalse();
        assertThat(received).hasSize(2).noneMatch(r -> r.headers().containsKey("redirected"));
    }

    @Test
    void aReceiverThatHangsIsCutAtTheCallTimeout() {
        hang = true;
        HttpWebhookSender sender = sender(Set.of("127.0.0.1"), Duration.ofMillis(400), HostResolver.system());
        long start = System.nanoTime();
        WebhookSender.Answer answer = sender.post(loopbackUrl(), "msg_3", new byte[] {'{', '}'});
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.status()).isZero();
        assertThat(answer.error()).contains("no answer within");
        assertThat(tookMillis).isBetween(350L, 5_000L);
    }

    @Test
    void theDefaultCallTimeoutIsTenSeconds() {
        WebhookSettings defaults = new WebhookSettings(SECRET, Set.of(), () -> "http://127.0.0.1:8080");
        assertThat(defaults.callTimeout()).isEqualTo(Duration.ofSeconds(10));
        HttpWebhookSender sender = new HttpWebhookSender(defaults);
        assertThat(sender.clientForTest().callTimeoutMillis()).isEqualTo(10_000);
        assertThat(sender.clientForTest().followRedirects()).isFalse();
        assertThat(sender.clientForTest().followSslRedirects()).isFalse();
    }

    @Test
    void aPublicNameThatResolvesToLoopbackIsNeverConnectedTo() {
        // DNS the test controls: a public-looking name answering with the receiver's loopback address
        HostResolver rebinding = host -> List.of(InetAddress.getLoopbackAddress());
        HttpWebhookSender sender = sender(Set.of(), Duration.ofSeconds(5), rebinding);
        String url = "https://hooks.example.com:" + receiver.getAddress().getPort() + "/hook";

        WebhookSender.Answer answer = sender.post(url, "msg_4", new byte[] {'{', '}'});

        assertThat(answer.delivered()).isFalse();
        assertThat(answer.error()).contains("resolves only to loopback");
        assertThat(received).isEmpty();
    }

    @Test
    void anIpLiteralOfAPrivateAddressIsRefusedAtTheSocket() {
        HttpWebhookSender sender = sender(Set.of(), Duration.ofSeconds(5), HostResolver.system());
        String url = "https://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        WebhookSender.Answer answer = sender.post(url, "msg_5", new byte[] {'{', '}'});

        assertThat(answer.delivered()).isFalse();
        assertThat(answer.error()).contains("refused to connect to");
        assertThat(received).isEmpty();
    }

    @Test
    void plainHttpGoesOnlyToAnAllowedHost() {
        HttpWebhookSender sender = sender(Set.of(), Duration.ofSeconds(5), HostResolver.system());
        WebhookSender.Answer answer = sender.post(loopbackUrl(), "msg_6", new byte[] {'{', '}'});
        assertThat(answer.error()).contains("must be https");
        assertThat(received).isEmpty();
    }

    @Test
    void aBadSecretIsRefusedWithoutRepeatingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new WebhookSettings("whsec_!!notbase64!!", Set.of(), () -> "http://x"))
                .hasMessageContaining("IMG2IMG_WEBHOOK_SECRET")
                .hasMessageNotContaining("notbase64");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new WebhookSettings("plain-secret", Set.of(), () -> "http://x"))
                .hasMessageContaining("whsec_")
                .hasMessageNotContaining("plain-secret");
        assertThat(new WebhookSettings(SECRET, Set.of(), () -> "http://x").toString())
                .doesNotContain("MfKQ9r8");
    }
}
