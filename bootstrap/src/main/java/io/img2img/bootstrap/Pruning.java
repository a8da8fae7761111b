package io.img2img.bootstrap;

import com.google.inject.Injector;
import io.img2img.adapter.ledger.LazyLedger;
import io.img2img.application.LedgerPolicy;
import io.img2img.application.job.JobEngine;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.PruneResult;
import java.io.PrintStream;

/** {@code img2img prune}: removes now every job past its retention and every expired key, in bounded batches. */
final class Pruning {
    private Pruning() {}

    static int run(Injector injector, PrintStream stderr) {
        return run(injector.getInstance(JobEngine.class), injector.getInstance(LazyLedger.class), stderr);
    }

    static int run(JobEngine engine, LazyLedger ledger, PrintStream stderr) {
        int jobs = 0;
        int keys = 0;
        try (ledger) {
            PruneResult pass;
            do {
                pass = engine.pruneNow(LedgerPolicy.PRUNE_BATCH);
                jobs += pass.jobs();
                keys += pass.keys();
            } while (pass.jobs() == LedgerPolicy.PRUNE_BATCH);
        } catch (LedgerUnavailableException e) {
            stderr.println("img2img: " + e.getMessage());
            return 1;
        }
        stderr.println("img2img prune: removed " + jobs + " finished jobs past their retention and " + keys
                + " expired idempotency keys (images in the output directory are never deleted)");
        return 0;
    }
}
