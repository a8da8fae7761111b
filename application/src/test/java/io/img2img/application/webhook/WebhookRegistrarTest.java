package io.img2img.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.out.HostResolver;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.WebhookEvent;
import io.img2img.domain.request.Violation;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SPEC §6 "Webhooks" at acceptance: where a webhook may go, through DNS the test controls; and which events. */
class WebhookRegistrarTest {
    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "93.184.216.34",
            "rebound.example.com", "127.0.0.1",
            "inside.example.com", "10.1.2.3",
            "metadata.example.com", "169.254.169.254",
            "v6local.example.com", "fd00::1",
            "mapped.example.com", "::ffff:192.168.1.1");

    private static final HostResolver RESOLVER = host -> {
        String address = DNS.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(address));
    };

    private final WebhookRegistrar registrar =
            new WebhookRegistrar(true, new WebhookAddresses(Set.of("localhost", "dev.internal")), RESOLVER);

    private List<Violation> refused(String url) {
        return registrar.check(url, null).violations();
    }

    @Test
    void aPublicHttpsUrlIsRegisteredForCompletedByDefault() {
        WebhookRegistrar.Checked checked = registrar.check("https://hooks.example.com/img2img?x=1", null);
        assertThat(checked.violations()).isEmpty();
        assertThat(checked.registration().url()).isEqualTo("https://hooks.example.com/img2img?x=1");
        assertThat(checked.registration().events()).containsExactly(WebhookEvent.COMPLETED);
        assertThat(registrar
                        .check("https://hooks.example.com/", "start,progress,completed")
                        .registration()
                        .events())
                .containsExactlyInAnyOrder(WebhookEvent.START, WebhookEvent.PROGRESS, WebhookEvent.COMPLETED);
    }

    @Test
    void aPublicLookingNameResolvingToAPrivateAddressIsRefusedNamingWebhook() {
        for (String host : List.of("rebound", "inside", "metadata", "v6local", "mapped")) {
            List<Violation> violations = refused("https://" + host + ".example.com/hook");
            assertThat(violations).as(host).hasSize(1);
            assertThat(violations.get(0).field()).isEqualTo("webhook");
            assertThat(violations.get(0).message()).contains("private");
        }
        assertThat(refused("https://127.0.0.1/hook")).hasSize(1);
        assertThat(refused("https://[::1]/hook")).hasSize(1);
    }

    @Test
    void httpOtherSchemesCredentialsAndUnknownHostsAreRefused() {
        assertThat(refused("http://hooks.example.com/hook").get(0).message()).contains("must be https");
        assertThat(refused("ftp://hooks.example.com/hook")).hasSize(1);
        assertThat(refused("https://user:pw@hooks.example.com/hook").get(0).message())
                .contains("user info");
        assertThat(refused("https://nowhere.example.com/hook").get(0).message()).contains("does not resolve");
        assertThat(refused("not a url")).hasSize(1);
        assertThat(refused("/relative")).hasSize(1);
    }

    @Test
    void anAllowedHostMayUseHttpAndAPrivateAddress() {
        assertThat(refused("http://localhost:8123/hook")).isEmpty();
        assertThat(refused("http://dev.internal/hook")).isEmpty(); // not even resolved
    }

    @Test
    void withoutASecretAWebhookIsRefused() {
        WebhookRegistrar none = new WebhookRegistrar(false, new WebhookAddresses(Set.of()), RESOLVER);
        List<Violation> violations =
                none.check("https://hooks.example.com/", null).violations();
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).field()).isEqualTo("webhook");
        assertThat(violations.get(0).message()).contains("IMG2IMG_WEBHOOK_SECRET");
    }

    @Test
    void badEventListsNameWebhookEvents() {
        assertThat(registrar.check("https://hooks.example.com/", "finished").violations())
                .extracting(Violation::field)
                .containsExactly("webhookEvents");
        assertThat(registrar
                        .check("https://hooks.example.com/", "completed,completed")
                        .violations())
                .extracting(Violation::field)
                .containsExactly("webhookEvents");
        assertThat(registrar.check(null, "completed").violations())
                .extracting(Violation::field)
                .containsExactly("webhookEvents");
    }

    @Test
    void theRulesMakeStartOnceProgressWhenMovedAndCompletedAtTheEnd() {
        Set<WebhookEvent> all = EnumSet.allOf(WebhookEvent.class);
        assertThat(WebhookRules.due(new WebhookRules.Registration(all, false, 1L, false), JobState.QUEUED, 1L))
                .isEmpty();
        assertThat(WebhookRules.due(new WebhookRules.Registration(all, false, 1L, false), JobState.RUNNING, 1L))
                .containsExactly(WebhookEvent.START);
        assertThat(WebhookRules.due(new WebhookRules.Registration(all, true, 1L, false), JobState.SUBMITTED, 4L))
                .containsExactly(WebhookEvent.PROGRESS);
        assertThat(WebhookRules.due(new WebhookRules.Registration(all, true, 1L, true), JobState.SUBMITTED, 5L))
                .as("coalesced while one is pending")
                .isEmpty();
        assertThat(WebhookRules.due(new WebhookRules.Registration(all, true, 4L, false), JobState.FAILURE, 6L))
                .containsExactly(WebhookEvent.COMPLETED);
        assertThat(WebhookRules.due(
                        new WebhookRules.Registration(EnumSet.of(WebhookEvent.COMPLETED), false, 1L, false),
                        JobState.RUNNING,
                        3L))
                .isEmpty();
    }

    @Test
    void theScheduleIsAboutADayThenFailed() {
        WebhookSchedule s = WebhookSchedule.STANDARD;
        assertThat(List.of(s.after(1), s.after(2), s.after(3), s.after(4), s.after(5), s.after(6), s.after(7)))
                .containsExactly(
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(30),
                        Duration.ofHours(2),
                        Duration.ofHours(5),
                        Duration.ofHours(10),
                        Duration.ofHours(10));
        assertThat(s.after(8)).isNull();
        assertThat(s.maxAttempts()).isEqualTo(8);
    }
}
