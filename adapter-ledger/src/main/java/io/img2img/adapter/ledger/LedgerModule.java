package io.img2img.adapter.ledger;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.img2img.application.port.out.JobLedger;

/**
 * The job ledger, opened on its first use. On a PostgreSQL ledger that many nodes share, produced images live in
 * that database too ({@link LazyLedger#sharedAssetStore}); bootstrap chooses between that store and the files.
 */
public final class LedgerModule extends AbstractModule {
    private final LedgerSettings ledger;

    public LedgerModule(LedgerSettings ledger) {
        this.ledger = ledger;
    }

    @Provides
    @Singleton
    LazyLedger lazyLedger() {
        return new LazyLedger(ledger);
    }

    @Provides
    @Singleton
    io.img2img.application.port.out.WebhookOutbox webhookOutbox(LazyLedger lazy) {
        return lazy.webhookOutbox();
    }

    @Provides
    @Singleton
    JobLedger jobLedger(LazyLedger lazy) {
        return lazy.ledger();
    }
}
