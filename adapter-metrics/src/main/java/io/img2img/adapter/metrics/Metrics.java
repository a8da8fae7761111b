package io.img2img.adapter.metrics;

import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.QueueDepth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This node's Prometheus metrics (issue #23): one registry, the JVM's and the process's meters, the job ledger's
 * calls and the jobs' facts ({@link #meter}), the queue read from the ledger when scraped ({@link #scrape}),
 * gauges the wiring hands in (slots, event streams) and the HTTP requests by route ({@link #requestEnded}).
 */
public final class Metrics {
    /** The content type of {@link #scrape()}: Prometheus's text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JobMetrics jobs;
    private final MultiGauge queued;
    private final MultiGauge oldest;
    /** How long a scrape waits for the ledger's queue figures. */
    public static final Duration QUEUE_READ_BOUND = Duration.ofMillis(500);

    private final java.util.Map<RequestKey, Timer> requestTimers = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile BoundedRead<List<QueueDepth>> queueRead;
    private JvmGcMetrics gc;

    /** @param backend this node's backend, {@code scenario} or {@code local} (a label of the job meters) */
    public Metrics(String backend) {
        this.jobs = new JobMetrics(registry, backend);
        this.queued = MultiGauge.builder("img2img.queue.jobs")
                .description("Jobs queued in the shared ledger, per backend identity (the same on every node)")
                .register(registry);
        this.oldest = MultiGauge.builder("img2img.queue.oldest.age")
                .description("Age of the oldest queued job per backend identity, by the database's clock")
                .baseUnit("seconds")
                .register(registry);
    }

    /** The JVM's and the process's meters: memory, GC, threads, classes, CPU, uptime, open files. */
    public Metrics withJvmMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return this;
    }

    /** The ledger, measured: its calls timed and counted, the jobs' facts read from its answers. */
    public JobLedger meter(JobLedger ledger) {
        return MeteredLedger.wrap(ledger, jobs);
    }

    /** Where {@link #scrape()} reads the queue from (one grouped read of the ledger per scrape). */
    public void queueFrom(JobLedger ledger) {
        this.queueRead = new BoundedRead<>("img2img-metrics-queue", ledger::queueDepths);
    }

    /** A gauge read when scraped; {@code name} in Micrometer's dotted form ({@code img2img.slots.in.use}). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** One HTTP request answered: its method, the route's template (never the raw path) and its status. */
    public void requestEnded(String method, String route, int status, Duration took) {
        requestTimers
                .computeIfAbsent(
                        new RequestKey(method, route, status),
                        key -> Timer.builder("http.server.requests")
                                .description("HTTP requests by method, route template and status")
                                .tags(Tags.of("method", method, "route", route, "status", Integer.toString(status)))
                                .register(registry))
                .record(took.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A request timer's labels: looked up per request without building a meter id each time. */
    private record RequestKey(String method, String route, int status) {}

    /** The metrics in Prometheus's text format, the queue read from the ledger first. */
    public String scrape() {
        readQueue();
        return registry.scrape();
    }

    /** The queue as the ledger says within {@link #QUEUE_READ_BOUND}; none meanwhile (no stale queue figures). */
    private void readQueue() {
        BoundedRead<List<QueueDepth>> read = queueRead;
        if (read == null) {
            return;
        }
        List<QueueDepth> depths = read.get(List.of());
        queued.register(
                depths.stream()
                        .map(d -> MultiGauge.Row.of(Tags.of("backend_identity", d.backendIdentity()), d.queued()))
                        .toList(),
                true);
        oldest.register(
                depths.stream()
                        .map(d -> MultiGauge.Row.of(
                                Tags.of("backend_identity", d.backendIdentity()),
                                d.oldestAge().toMillis() / 1000.0))
                        .toList(),
                true);
    }

    /** Stops the meters that hold threads or listeners (the GC's). */
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
