package io.img2img.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.out.WebhookDelivery;
import io.img2img.application.port.out.WebhookEvent;
import io.img2img.application.port.out.WebhookOutbox;
import io.img2img.application.port.out.WebhookSender;
import io.img2img.domain.result.Img2ImgResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The deliverer's answers (SPEC §6): a 2xx is delivered; a failure is retried after the schedule's wait for the
 * attempt it was; the last failure marks it failed; every attempt sends the delivery's own id and kept body.
 */
class WebhookDelivererTest {
    record Settled(boolean delivered, Integer status, String error, Duration retryIn, byte[] body) {}

    private final List<Settled> settled = new ArrayList<>();
    private final List<String> sentIds = new ArrayList<>();
    private final List<WebhookSender.Answer> answers = new ArrayList<>();

    private final WebhookOutbox outbox = new WebhookOutbox() {
        @Override
        public Optional<WebhookDelivery> claimDue(String holder, Duration lease) {
            return Optional.empty();
        }

        @Override
        public boolean settle(
                WebhookDelivery claimed,
                String holder,
                byte[] body,
                boolean delivered,
                Integer status,
                String error,
                Duration retryIn) {
            settled.add(new Settled(delivered, status, error, retryIn, body));
            return true;
        }

        @Override
        public List<WebhookDelivery> deliveriesOf(String jobId) {
            return List.of();
        }
    };

    private final WebhookSender sender = new WebhookSender() {
        @Override
        public byte[] body(Img2ImgResult job) {
            throw new AssertionError("a kept body is sent again, never rendered anew");
        }

        @Override
        public Answer post(String url, String webhookId, byte[] body) {
            sentIds.add(webhookId);
            return answers.remove(0);
        }
    };

    private final WebhookSchedule schedule = new WebhookSchedule(List.of(Duration.ofMillis(10), Duration.ofMillis(20)));
    private final WebhookDeliverer deliverer =
            new WebhookDeliverer(outbox, sender, null, schedule, Duration.ofSeconds(30), Duration.ofSeconds(1), 1);

    private static WebhookDelivery attempt(int attemptsMade) {
        return new WebhookDelivery(
                "msg_1",
                "job-1",
                WebhookEvent.COMPLETED,
                "https://hooks.example.com/",
                WebhookDelivery.PENDING,
                attemptsMade,
                0L,
                null,
                null,
                null,
                new byte[] {'{', '}'});
    }

    @Test
    void failuresFollowTheScheduleThenFailAndA2xxIsDelivered() {
        answers.addAll(List.of(
                new WebhookSender.Answer(500, null),
                new WebhookSender.Answer(0, "no answer within 10 s"),
                new WebhookSender.Answer(503, null)));
        deliverer.deliver(attempt(0));
        deliverer.deliver(attempt(1));
        deliverer.deliver(attempt(2));

        assertThat(settled)
                .extracting(Settled::retryIn)
                .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), null);
        assertThat(settled).extracting(Settled::delivered).containsOnly(false);
        assertThat(settled).extracting(Settled::status).containsExactly(500, null, 503);
        assertThat(settled.get(1).error()).contains("no answer");
        assertThat(sentIds).containsOnly("msg_1");

        answers.add(new WebhookSender.Answer(204, null));
        deliverer.deliver(attempt(1));
        assertThat(settled.get(3).delivered()).isTrue();
        assertThat(settled.get(3).retryIn()).isNull();
        assertThat(settled.get(3).body()).containsExactly('{', '}');
    }
}
