package io.img2img.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.img2img.adapter.http.HttpMount;
import io.img2img.adapter.http.RequestListener;
import io.img2img.adapter.ledger.LazyLedger;
import io.img2img.adapter.metrics.BoundedRead;
import io.img2img.adapter.metrics.Metrics;
import io.img2img.adapter.rest.RestApi;
import io.img2img.application.job.JobEngine;
import io.img2img.application.port.in.ReportUsage;
import io.img2img.application.port.out.JobLedger;
import io.javalin.config.RoutesConfig;
import java.util.function.Supplier;

/**
 * {@code serve}'s Prometheus metrics (issue #23): the ledger every other module gets is the measured one (this
 * module overrides the ledger module's binding), every request the router answers is timed by route, and
 * {@code GET /metrics} is mounted on the one HTTP server, behind the token when one is set.
 */
final class MetricsModule extends AbstractModule {
    private final String backend;
    private final int slots;

    MetricsModule(String backend, int slots) {
        this.backend = backend;
        this.slots = slots;
    }

    @Provides
    @Singleton
    Metrics metrics() {
        return new Metrics(backend).withJvmMetrics();
    }

    /** The measured ledger: overrides {@code LedgerModule}'s binding (see {@link ApplicationGraph}). */
    static final class MeteredLedger extends AbstractModule {
        @Provides
        @Singleton
        JobLedger jobLedger(LazyLedger lazy, Metrics metrics) {
            return metrics.meter(lazy.ledger());
        }
    }

    @ProvidesIntoSet
    @Singleton
    RequestListener requests(Metrics metrics) {
        return metrics::requestEnded;
    }

    @ProvidesIntoSet
    @Singleton
    HttpMount metricsRoute(Metrics metrics, JobEngine jobs, JobLedger ledger, RestApi rest, ReportUsage usage) {
        metrics.queueFrom(ledger);
        metrics.gauge("img2img.slots.in.use", "Job slots of this node holding a job now", jobs::slotsInUse);
        metrics.gauge("img2img.slots.max", "Job slots of this node (IMG2IMG_MAX_CONCURRENT_JOBS)", () -> slots);
        metrics.gauge("img2img.event.streams.open", "Job event streams open on this node", rest::openEventStreams);
        metrics.gauge(
                "img2img.budget.used.ratio",
                "Today's Creative Units used over IMG2IMG_DAILY_CREATIVE_UNITS (NaN: no budget, or the ledger failed)",
                budgetRead(usage));
        return new HttpMount() {
            @Override
            public void register(RoutesConfig routes, Supplier<String> publicUrl) {
                routes.get(
                        "/metrics", ctx -> ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape()));
            }
        };
    }

    /** Today's share, read within the scrape's bound (NaN meanwhile: its ledger failures and readiness say why). */
    static Supplier<Number> budgetRead(ReportUsage usage) {
        BoundedRead<Double> read = new BoundedRead<>("img2img-metrics-budget", () -> budgetUsed(usage));
        return () -> read.get(Double.NaN);
    }

    /** The ledger-wide share of today's budget used, for the alert at 80 % (deploy/img2img-alerts.yml). */
    static double budgetUsed(ReportUsage usage) {
        try {
            ReportUsage.Today today = usage.today();
            return today.dailyBudget() == null ? Double.NaN : today.usedUnits() / today.dailyBudget();
        } catch (RuntimeException e) { // the ledger is down: the ledger-failure metrics say so
            return Double.NaN;
        }
    }
}
