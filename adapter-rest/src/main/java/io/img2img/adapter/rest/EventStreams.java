package io.img2img.adapter.rest;

import io.img2img.application.port.in.ObserveJob;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open job event streams of this node (SPEC §6). No thread is held per stream: each request went async
 * ({@link JobEventRoutes}), and ONE scheduler thread serves every open stream — woken at once by this process's ledger writes, and every {@link #POLL} by the ledger's change counter
 * for writes of other processes — and writes the heartbeats. At most {@code maxStreams} are open on this node.
 */
final class EventStreams {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
    /** How often the ledger's change counter is read for changes made by other processes. */
    static final Duration POLL = Duration.ofMillis(50);

    private final ObserveJob observe;
    private final Semaphore slots;
    private final int maxPerClient;
    private final Map<String, Integer> perClient = new HashMap<>();
    private final long heartbeatNanos;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService hub = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "img2img-job-events");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private volatile long changeMark = Long.MIN_VALUE;
    private volatile boolean stopped;
    private volatile AutoCloseable subscription = () -> {};

    /** What {@link #tryReserve} got: a slot, or which cap refused one. */
    enum Reservation {
        RESERVED,
        NODE_FULL,
        CLIENT_FULL
    }

    EventStreams(ObserveJob observe, int maxStreams, Duration heartbeat) {
        this(observe, maxStreams, maxStreams, heartbeat);
    }

    /** @param maxPerClient most streams one client ({@link ClientKey}) may hold, so one client cannot take them all */
    EventStreams(ObserveJob observe, int maxStreams, int maxPerClient, Duration heartbeat) {
        this.observe = observe;
        this.maxPerClient = maxPerClient;
        this.slots = new Semaphore(maxStreams);
        this.heartbeatNanos = heartbeat.toNanos();
        hub.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A slot for one more stream of this client, or which cap refuses it; a slot is given back by {@link #add}'s end. */
    Reservation tryReserve(String client) {
        synchronized (perClient) {
            if (perClient.getOrDefault(client, 0) >= maxPerClient) {
                return Reservation.CLIENT_FULL;
            }
            if (stopped || !slots.tryAcquire()) {
                return Reservation.NODE_FULL;
            }
            perClient.merge(client, 1, Integer::sum);
            return Reservation.RESERVED;
        }
    }

    /** Serves a stream on a slot reserved for this client until it ends; its slot is freed then. */
    void add(EventStream stream, String client) {
        stream.done.whenComplete((ignored, e) -> {
            if (open.remove(stream)) {
                synchronized (perClient) {
                    perClient.computeIfPresent(client, (c, n) -> n > 1 ? n - 1 : null);
                }
                slots.release();
            }
        });
        open.add(stream);
        if (stopped || !run(() -> advance(stream))) {
            stream.close();
        }
    }

    /** Open streams on this node. */
    int openCount() {
        return open.size();
    }

    /** Ends every open stream at once (a stop must not wait for them) and the hub's thread. */
    void closeAll() {
        stopped = true;
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("closing the change subscription", e);
        }
        hub.shutdownNow();
        open.forEach(EventStream::close);
    }

    /** Subscribes to this process's ledger writes; called once the server runs. */
    void start() {
        subscription = observe.onChange(() -> {
            if (!open.isEmpty() && wakeScheduled.compareAndSet(false, true)) {
                run(() -> {
                    wakeScheduled.set(false);
                    open.forEach(this::advance);
                });
            }
        });
    }

    /** Hands work to the hub's thread; false once it has stopped. */
    private boolean run(Runnable work) {
        try {
            hub.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void poll() {
        if (open.isEmpty()) {
            return;
        }
        try {
            long mark = observe.changeMark();
            if (mark != changeMark) {
                changeMark = mark;
                open.forEach(this::advance);
            }
        } catch (RuntimeException e) {
            LOG.warn("job events could not read the ledger: {}", e.getMessage());
        }
        long nowNanos = System.nanoTime();
        open.forEach(stream -> stream.heartbeatIfQuiet(nowNanos, heartbeatNanos));
    }

    private void advance(EventStream stream) {
        try {
            observe.now(stream.jobId()).ifPresentOrElse(stream::advance, stream::close);
        } catch (RuntimeException e) { // a ledger hiccup: the next change or poll tries again
            LOG.warn("job events of {} could not read the ledger: {}", stream.jobId(), e.getMessage());
        }
    }
}
