package io.img2img.adapter.webhook;

import io.img2img.application.port.out.HostResolver;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How webhooks are sent (SPEC §6, §7).
 *
 * @param secret       {@code IMG2IMG_WEBHOOK_SECRET}, a {@code whsec_…} value, or {@code null}: webhooks refused
 * @param allowedHosts {@code IMG2IMG_WEBHOOK_ALLOWED_HOSTS}: hosts reachable over http and at private addresses
 * @param publicUrl    base of the absolute image URLs in the body ({@code IMG2IMG_PUBLIC_URL})
 * @param callTimeout  the whole call's bound (10 s)
 * @param resolver     DNS
 * @param tls          a trust to use instead of the system's (tests), or {@code null}
 */
public record WebhookSettings(
        String secret,
        Set<String> allowedHosts,
        Supplier<String> publicUrl,
        Duration callTimeout,
        HostResolver resolver,
        Tls tls) {
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    public WebhookSettings {
        allowedHosts = Set.copyOf(allowedHosts);
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(resolver, "resolver");
        if (secret != null) {
            WebhookSignature.of(secret); // a bad secret stops the start, named without its value
        }
    }

    public WebhookSettings(String secret, Set<String> allowedHosts, Supplier<String> publicUrl) {
        this(secret, allowedHosts, publicUrl, CALL_TIMEOUT, HostResolver.system(), null);
    }

    /** A trust other than the system's, e.g. a test's self-signed certificate. */
    public record Tls(SSLSocketFactory sockets, X509TrustManager trust) {}

    @Override
    public String toString() { // never the secret
        return "WebhookSettings[secret=" + (secret == null ? "unset" : "set") + ", allowedHosts=" + allowedHosts
                + ", callTimeout=" + callTimeout + "]";
    }
}
