package io.img2img.adapter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.img2img.application.port.out.HostResolver;
import io.img2img.application.port.out.WebhookSender;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real HTTPS receiver (JDK {@code HttpsServer}, a self-signed certificate made by the JDK's keytool and trusted by
 * the test's settings): a delivery to an allow-listed host arrives signed; the same receiver under a public-looking
 * name that DNS answers with loopback is never connected to.
 */
class HttpsReceiverTest {
    @TempDir
    Path dir;

    @Test
    void anHttpsReceiverGetsASignedDeliveryAndAPrivateAddressIsNeverReached() throws Exception {
        Path store = dir.resolve("receiver.p12");
        char[] password = "changeit".toCharArray();
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "receiver",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(keytoolOutput).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        List<String> signatures = new CopyOnWriteArrayList<>();
        HttpsServer receiver = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            signatures.add(exchange.getRequestHeaders().getFirst("webhook-signature"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            int port = receiver.getAddress().getPort();
            WebhookSettings.Tls tls =
                    new WebhookSettings.Tls(clientTls.getSocketFactory(), (X509TrustManager) tmf.getTrustManagers()[0]);
            HostResolver dns = host -> List.of(InetAddress.getLoopbackAddress()); // every name is loopback
            WebhookSender allowed = new HttpWebhookSender(new WebhookSettings(
                    HttpWebhookSenderTest.SECRET,
                    Set.of("localhost"),
                    () -> "https://x",
                    Duration.ofSeconds(5),
                    dns,
                    tls));

            WebhookSender.Answer answer =
                    allowed.post("https://localhost:" + port + "/hook", "msg_tls", new byte[] {'{', '}'});
            assertThat(answer).isEqualTo(new WebhookSender.Answer(204, null));
            assertThat(signatures).hasSize(1).allMatch(s -> s.startsWith("v1,"));

            WebhookSender strict = new HttpWebhookSender(new WebhookSettings(
                    HttpWebhookSenderTest.SECRET, Set.of(), () -> "https://x", Duration.ofSeconds(5), dns, tls));
            WebhookSender.Answer refused =
                    strict.post("https://localhost:" + port + "/hook", "msg_tls2", new byte[] {'{', '}'});
            assertThat(refused.delivered()).isFalse();
            assertThat(refused.error()).contains("resolves only to loopback");
            assertThat(signatures).hasSize(1);
        } finally {
            receiver.stop(0);
        }
    }
}
