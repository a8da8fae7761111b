package io.img2img.application.webhook;

import io.img2img.application.port.out.HostResolver;
import io.img2img.application.port.out.WebhookEvent;
import io.img2img.application.port.out.WebhookRegistration;
import io.img2img.domain.request.Violation;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a webhook asked for with a generation (SPEC §6) when the job is accepted: the server must hold a signing
 * secret, the URL must be {@code https} (or {@code http} to an allowed host), and every address its host resolves
 * to must be public unless the host is allowed. Violations name {@code webhook} or {@code webhookEvents}.
 */
public final class WebhookRegistrar {
    public static final String FIELD = "webhook";
    public static final String EVENTS_FIELD = "webhookEvents";

    private final boolean secretSet;
    private final WebhookAddresses addresses;
    private final HostResolver resolver;

    public WebhookRegistrar(boolean secretSet, WebhookAddresses addresses, HostResolver resolver) {
        this.secretSet = secretSet;
        this.addresses = addresses;
        this.resolver = resolver;
    }

    /** Webhooks refused: no secret to sign them with. */
    public static WebhookRegistrar disabled() {
        return new WebhookRegistrar(false, new WebhookAddresses(Set.of()), HostResolver.system());
    }

    /** The registration, or the violations refusing it. */
    public record Checked(WebhookRegistration registration, List<Violation> violations) {}

    /** Checks {@code url} and {@code events} (a comma-separated list, or {@code null}: {@code completed}). */
    public Checked check(String url, String events) {
        List<Violation> violations = new ArrayList<>();
        if (url == null) {
            if (events != null) {
                violations.add(new Violation(EVENTS_FIELD, "is given without webhook"));
            }
            return new Checked(null, violations);
        }
        Set<WebhookEvent> wanted = events(events, violations);
        if (!secretSet) {
            violations.add(new Violation(
                    FIELD, "cannot be used: this server has no IMG2IMG_WEBHOOK_SECRET to sign deliveries with"));
            return new Checked(null, violations);
        }
        String problem = url.length() > 2048 ? "must be at most 2048 characters" : addresses.formProblem(url);
        if (problem == null) {
            problem = addressProblem(WebhookAddresses.host(url));
        }
        if (problem != null) {
            violations.add(new Violation(FIELD, problem));
        }
        return violations.isEmpty()
                ? new Checked(new WebhookRegistration(url, wanted), List.of())
                : new Checked(null, violations);
    }

    private String addressProblem(String host) {
        if (addresses.allowed(host)) {
            return null;
        }
        List<InetAddress> resolved;
        try {
            resolved = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return "names a host that does not resolve: " + host;
        }
        if (resolved.isEmpty()) {
            return "names a host that does not resolve: " + host;
        }
        for (InetAddress a : resolved) {
            if (!WebhookAddresses.isPublic(a)) {
                return "resolves to a loopback, private, link-local or multicast address (" + a.getHostAddress()
                        + "); only hosts in IMG2IMG_WEBHOOK_ALLOWED_HOSTS may";
            }
        }
        return null;
    }

    private static Set<WebhookEvent> events(String events, List<Violation> violations) {
        if (events == null) {
            return EnumSet.of(WebhookEvent.COMPLETED);
        }
        Set<WebhookEvent> wanted = EnumSet.noneOf(WebhookEvent.class);
        for (String name : events.split(",", -1)) {
            WebhookEvent e = WebhookEvent.ofWireName(name.strip());
            if (e == null) {
                violations.add(new Violation(
                        EVENTS_FIELD,
                        "must list events among start, progress, completed (comma-separated); got "
                                + io.img2img.domain.text.Texts.quote(name)));
                return EnumSet.of(WebhookEvent.COMPLETED);
            }
            if (!wanted.add(e)) {
                violations.add(new Violation(EVENTS_FIELD, "lists " + e.wireName() + " twice"));
            }
        }
        return wanted;
    }
}
