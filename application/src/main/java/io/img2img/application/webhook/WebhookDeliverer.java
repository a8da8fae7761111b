package io.img2img.application.webhook;

import io.img2img.application.job.JobEngine;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.WebhookDelivery;
import io.img2img.application.port.out.WebhookOutbox;
import io.img2img.application.port.out.WebhookSender;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers the ledger's outbox of webhooks from this node (SPEC §6): claims the oldest due delivery under a lease
 * (any node may; a node that dies holding one loses nothing, another sends it again once the lease ends, with the
 * same {@code webhook-id}), sends it, and records the answer: delivered on a 2xx, else tried again after the
 * {@link WebhookSchedule}'s next wait, and failed once the schedule ends. Polls the outbox every
 * {@code pollInterval} and on every job change this node makes or hears of.
 */
public final class WebhookDeliverer {
    private static final System.Logger LOG = System.getLogger(WebhookDeliverer.class.getName());

    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final JobEngine jobs;
    private final WebhookSchedule schedule;
    private final Duration lease;
    private final Duration pollInterval;
    private final String holder = "webhooks-" + UUID.randomUUID();
    private final Semaphore senders;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean passDue = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "img2img-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService sending;
    private AutoCloseable subscription;

    /**
     * @param lease        how long a claim holds a delivery: longer than a send may take
     * @param pollInterval how often the outbox is looked at for deliveries come due (retries)
     * @param parallel     deliveries sent at once by this node
     */
    public WebhookDeliverer(
            WebhookOutbox outbox,
            WebhookSender sender,
            JobEngine jobs,
            WebhookSchedule schedule,
            Duration lease,
            Duration pollInterval,
            int parallel) {
        this.outbox = outbox;
        this.sender = sender;
        this.jobs = jobs;
        this.schedule = schedule;
        this.lease = lease;
        this.pollInterval = pollInterval;
        this.senders = new Semaphore(parallel);
        this.sending = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "img2img-webhook-send");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts delivering (once). */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        subscription = jobs.subscribe(this::soon);
        timer.scheduleWithFixedDelay(this::soon, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops claiming; a delivery in flight is left to its lease (another node, or the next start, sends it). */
    public void stop() {
        timer.shutdownNow();
        sending.shutdownNow();
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                // nothing held
            }
        }
    }

    private void soon() {
        if (passDue.compareAndSet(false, true)) {
            try {
                timer.execute(() -> {
                    passDue.set(false);
                    pass();
                });
            } catch (RejectedExecutionException stopped) {
                // stopping
            }
        }
    }

    /** Claims due deliveries while a sender is free. */
    private void pass() {
        while (senders.tryAcquire()) {
            Optional<WebhookDelivery> claimed;
            try {
                claimed = outbox.claimDue(holder, lease);
            } catch (RuntimeException e) {
                senders.release();
                LOG.log(System.Logger.Level.WARNING, "the webhook outbox could not be read: " + e.getMessage());
                return;
            }
            if (claimed.isEmpty()) {
                senders.release();
                return;
            }
            try {
                sending.execute(() -> {
                    try {
                        deliver(claimed.get());
                    } finally {
                        senders.release();
                        soon(); // a sender is free: more may be due
                    }
                });
            } catch (RejectedExecutionException stopped) {
                senders.release();
                return;
            }
        }
    }

    /** One attempt of one claimed delivery, and its answer recorded. */
    void deliver(WebhookDelivery delivery) {
        try {
            byte[] body = delivery.body();
            if (body == null) {
                Optional<LedgerJob> job = jobs.find(delivery.jobId());
                if (job.isEmpty()) {
                    outbox.settle(delivery, holder, null, false, null, "the job is no longer in the ledger", null);
                    return;
                }
                body = sender.body(jobs.resultOf(job.get()));
            }
            WebhookSender.Answer answer = sender.post(delivery.url(), delivery.deliveryId(), body);
            Duration retryIn = answer.delivered() ? null : schedule.after(delivery.attempts() + 1);
            outbox.settle(
                    delivery,
                    holder,
                    body,
                    answer.delivered(),
                    answer.status() == 0 ? null : answer.status(),
                    answer.error(),
                    retryIn);
        } catch (RuntimeException e) { // the ledger failed: the claim's lease ends and the delivery is sent again
            LOG.log(
                    System.Logger.Level.WARNING,
                    "webhook " + delivery.deliveryId() + " could not be recorded: " + e.getMessage());
        }
    }
}
