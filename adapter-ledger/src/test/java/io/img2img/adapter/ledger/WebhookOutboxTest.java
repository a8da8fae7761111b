package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.port.out.WebhookDelivery;
import io.img2img.application.port.out.WebhookEvent;
import io.img2img.application.port.out.WebhookOutbox;
import io.img2img.application.port.out.WebhookRegistration;
import io.img2img.application.testkit.Await;
import io.img2img.domain.result.ProducedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SPEC §6 "Webhooks" in the ledger: the registration commits with its job, each event's delivery with the job
 * change that makes it (whatever the change: a holder's end, a cancel), claims are oldest first under a lease and
 * never shared, an answer is recorded only by the claim's holder, and retention prunes deliveries with their job.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.Engine.class)
class WebhookOutboxTest extends BothEngines {
    private static final String URL = "https://hooks.example.com/img2img";
    private static final ProducedImage IMAGE =
            new ProducedImage("asset-1", null, "image/png", 512, 512, "/out/asset-1.png");

    private static NewJob claimedWith(Set<WebhookEvent> events) {
        NewJob plain = TestLedgers.claimed(TestLedgers.LOCAL, "holder-1");
        return new NewJob(
                plain.jobId(),
                plain.backendIdentity(),
                plain.state(),
                plain.holder(),
                plain.seed(),
                plain.price(),
                plain.costLimit(),
                plain.request(),
                plain.referenceImage(),
                null,
                null,
                0,
                List.of(),
                null,
                0,
                new WebhookRegistration(URL, events),
                null);
    }

    private static List<String> events(WebhookOutbox outbox, String jobId) {
        return outbox.deliveriesOf(jobId).stream()
                .map(d -> d.event().wireName() + ":" + d.state())
                .toList();
    }

    @Test
    void completedIsWrittenWithTheJobsEndAndNothingBefore() {
        try (SqlJobLedger ledger = db.open()) {
            WebhookOutbox outbox = ledger.webhookOutbox();
            LedgerJob claimed = ledger.accept(claimedWith(EnumSet.of(WebhookEvent.COMPLETED)))
                    .job();
            LedgerJob running = ledger.markRunning(claimed).orElseThrow();
            LedgerJob progressed =
                    ledger.recordProgress(running, 0.5, List.of()).orElseThrow();
            assertThat(outbox.deliveriesOf(claimed.jobId())).isEmpty();

            assertThat(ledger.finish(progressed, JobEnd.success(List.of(IMAGE))))
                    .isPresent();

            List<WebhookDelivery> deliveries = outbox.deliveriesOf(claimed.jobId());
            assertThat(deliveries).hasSize(1);
            WebhookDelivery completed = deliveries.get(0);
            assertThat(completed.event()).isEqualTo(WebhookEvent.COMPLETED);
            assertThat(completed.state()).isEqualTo(WebhookDelivery.PENDING);
            assertThat(completed.url()).isEqualTo(URL);
            assertThat(completed.attempts()).isZero();
            assertThat(completed.deliveryId()).startsWith("msg_");
            // a later write of another job does not make the event twice
            ledger.accept(TestLedgers.queued(TestLedgers.LOCAL));
            assertThat(outbox.deliveriesOf(claimed.jobId())).hasSize(1);
        }
    }

    @Test
    void startOnceProgressCoalescedWhilePendingCompletedAtTheEnd() {
        try (SqlJobLedger ledger = db.open()) {
            WebhookOutbox outbox = ledger.webhookOutbox();
            LedgerJob claimed = ledger.accept(claimedWith(EnumSet.allOf(WebhookEvent.class)))
                    .job();
            assertThat(outbox.deliveriesOf(claimed.jobId())).isEmpty(); // accepted is no event
            LedgerJob running = ledger.markRunning(claimed).orElseThrow();
            assertThat(events(outbox, claimed.jobId())).containsExactly("start:pending");
            LedgerJob p1 = ledger.recordProgress(running, 0.25, List.of()).orElseThrow();
            LedgerJob p2 = ledger.recordProgress(p1, 0.5, List.of()).orElseThrow();
            LedgerJob p3 = ledger.recordProgress(p2, 0.75, List.of()).orElseThrow();
            assertThat(events(outbox, claimed.jobId())).containsExactly("start:pending", "progress:pending");

            assertThat(ledger.finish(p3, JobEnd.success(List.of(IMAGE)))).isPresent();
            assertThat(events(outbox, claimed.jobId()))
                    .containsExactly("start:pending", "progress:pending", "completed:pending");
        }
    }

    @Test
    void aCancelIsAnEndToo() {
        try (SqlJobLedger ledger = db.open()) {
            WebhookOutbox outbox = ledger.webhookOutbox();
            LedgerJob claimed = ledger.accept(claimedWith(EnumSet.of(WebhookEvent.COMPLETED)))
                    .job();
            ledger.cancel(claimed.jobId());
            assertThat(events(outbox, claimed.jobId())).containsExactly("completed:pending");
        }
    }

    @Test
    void claimsAreOldestFirstLeasedAndSettledOnlyByTheirHolder() throws Exception {
        try (SqlJobLedger ledger = db.open()) {
            WebhookOutbox outbox = ledger.webhookOutbox();
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                LedgerJob claimed = ledger.accept(claimedWith(EnumSet.of(WebhookEvent.COMPLETED)))
                        .job();
                assertThat(ledger.finish(ledger.markRunning(claimed).orElseThrow(), JobEnd.success(List.of())))
                        .isPresent();
                jobs.add(claimed.jobId());
            }
            WebhookDelivery first =
                    outbox.claimDue("node-a", Duration.ofMinutes(1)).orElseThrow();
            WebhookDelivery second =
                    outbox.claimDue("node-b", Duration.ofMinutes(1)).orElseThrow();
            assertThat(List.of(first.jobId(), second.jobId())).containsExactlyInAnyOrderElementsOf(jobs);
            assertThat(outbox.claimDue("node-c", Duration.ofMinutes(1))).isEmpty(); // both leased

            byte[] body = "{\"jobId\":1}".getBytes(StandardCharsets.UTF_8);
            assertThat(outbox.settle(first, "node-b", body, true, 200, null, null))
                    .as("only the holder settles")
                    .isFalse();
            assertThat(outbox.settle(first, "node-a", body, false, 500, null, Duration.ofHours(1)))
                    .isTrue();
            WebhookDelivery retried = outbox.deliveriesOf(first.jobId()).get(0);
            assertThat(retried.state()).isEqualTo(WebhookDelivery.PENDING);
            assertThat(retried.attempts()).isEqualTo(1);
            assertThat(retried.lastStatus()).isEqualTo(500);
            assertThat(retried.nextAttemptAt()).isGreaterThan(retried.lastAttemptAt() + 3_500_000L);
            assertThat(new String(retried.body(), StandardCharsets.UTF_8)).isEqualTo("{\"jobId\":1}");
            assertThat(outbox.claimDue("node-c", Duration.ofMinutes(1)))
                    .as("not due before its retry time")
                    .isEmpty();

            assertThat(outbox.settle(second, "node-b", body, false, null, "timeout", null))
                    .isTrue();
            WebhookDelivery failed = outbox.deliveriesOf(second.jobId()).get(0);
            assertThat(failed.state()).isEqualTo(WebhookDelivery.FAILED);
            assertThat(failed.lastError()).isEqualTo("timeout");
            assertThat(failed.lastStatus()).isNull();
            assertThat(failed.nextAttemptAt()).isNull();
        }
    }

    @Test
    void aClaimWhoseLeaseEndedIsTakenOverWithTheSameIdAndTheOldHolderCannotSettle() throws Exception {
        try (SqlJobLedger ledger = db.open()) {
            WebhookOutbox outbox = ledger.webhookOutbox();
            LedgerJob claimed = ledger.accept(claimedWith(EnumSet.of(WebhookEvent.COMPLETED)))
                    .job();
            assertThat(ledger.finish(ledger.markRunning(claimed).orElseThrow(), JobEnd.success(List.of())))
                    .isPresent();
            WebhookDelivery dying =
                    outbox.claimDue("dies", Duration.ofMillis(50)).orElseThrow();

            Optional<WebhookDelivery> taken = Await.until(
                    () -> outbox.claimDue("survives", Duration.ofMinutes(1)),
                    Optional::isPresent,
                    Duration.ofSeconds(10));
            assertThat(taken).isPresent();
            assertThat(taken.get().deliveryId()).isEqualTo(dying.deliveryId());
            assertThat(outbox.settle(dying, "dies", new byte[0], true, 200, null, null))
                    .isFalse();
            assertThat(outbox.settle(taken.get(), "survives", new byte[0], true, 204, null, null))
                    .isTrue();
            WebhookDelivery delivered = outbox.deliveriesOf(claimed.jobId()).get(0);
            assertThat(delivered.state()).isEqualTo(WebhookDelivery.DELIVERED);
            assertThat(delivered.attempts()).isEqualTo(1);
            assertThat(outbox.claimDue("any", Duration.ofMinutes(1))).isEmpty();
        }
    }

    @Test
    void concurrentClaimersNeverTakeTheSameDelivery() throws Exception {
        try (SqlJobLedger ledger = db.open()) {
            WebhookOutbox outbox = ledger.webhookOutbox();
            int count = 12;
            for (int i = 0; i < count; i++) {
                LedgerJob claimed = ledger.accept(claimedWith(EnumSet.of(WebhookEvent.COMPLETED)))
                        .job();
                assertThat(ledger.finish(ledger.markRunning(claimed).orElseThrow(), JobEnd.success(List.of())))
                        .isPresent();
            }
            Set<String> taken = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> claimers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String holder = "node-" + t;
                claimers.add(pool.submit(() -> {
                    go.await();
                    int mine = 0;
                    for (Optional<WebhookDelivery> d = outbox.claimDue(holder, Duration.ofMinutes(1));
                            d.isPresent();
                            d = outbox.claimDue(holder, Duration.ofMinutes(1))) {
                        assertThat(taken.add(d.get().deliveryId())).isTrue();
                        mine++;
                    }
                    return mine;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : claimers) {
                total += f.get();
            }
            pool.shutdown();
            assertThat(total).isEqualTo(count);
            assertThat(taken).hasSize(count);
        }
    }

    @Test
    void retentionPrunesDeliveriesWithTheirJob() throws Exception {
        try (SqlJobLedger ledger = db.open()) {
            WebhookOutbox outbox = ledger.webhookOutbox();
            LedgerJob claimed = ledger.accept(claimedWith(EnumSet.of(WebhookEvent.COMPLETED)))
                    .job();
            assertThat(ledger.finish(ledger.markRunning(claimed).orElseThrow(), JobEnd.success(List.of())))
                    .isPresent();
            assertThat(outbox.deliveriesOf(claimed.jobId())).hasSize(1);
            try (TestLedgers.Raw raw = db.raw()) {
                raw.age(claimed.jobId(), Duration.ofDays(40));
            }
            assertThat(ledger.prune(30, 100).jobs()).isEqualTo(1);
            assertThat(outbox.deliveriesOf(claimed.jobId())).isEmpty();
            try (TestLedgers.Raw raw = db.raw()) {
                assertThat(raw.number("SELECT COUNT(*) FROM webhooks WHERE job_id = ?", claimed.jobId()))
                        .isZero();
            }
        }
    }
}
