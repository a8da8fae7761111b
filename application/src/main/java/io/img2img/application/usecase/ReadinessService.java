package io.img2img.application.usecase;

import io.img2img.application.job.JobEngine;
import io.img2img.application.port.in.CheckReadiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness (SPEC §6): the ledger is probed with its cheapest read (the change counter), bounded by
 * {@link #PROBE_BOUND}; at most one probe is in flight, so a load balancer's checks never pile up on a hung
 * database: a check that finds one running waits for that one.
 */
public final class ReadinessService implements CheckReadiness {
    /** How long a check waits for the ledger's answer: shorter than a load balancer's check timeout. */
    public static final Duration PROBE_BOUND = Duration.ofSeconds(2);

    private final JobEngine jobs;
    private final Duration bound;
    private CompletableFuture<Void> probe;

    public ReadinessService(JobEngine jobs) {
        this(jobs, PROBE_BOUND);
    }

    public ReadinessService(JobEngine jobs, Duration bound) {
        this.jobs = jobs;
        this.bound = bound;
    }

    @Override
    public Readiness check() {
        List<String> reasons = new ArrayList<>();
        String ledger = ledgerProblem();
        if (ledger != null) {
            reasons.add(ledger);
        }
        if (jobs.backendRefusedCredentials()) {
            reasons.add("the backend refused this node's credentials at its last generation request "
                    + "(upstream-auth): check SCENARIO_API_KEY and SCENARIO_API_SECRET");
        }
        return reasons.isEmpty() ? Readiness.ok() : new Readiness(false, List.copyOf(reasons));
    }

    private String ledgerProblem() {
        CompletableFuture<Void> current;
        synchronized (this) {
            if (probe == null || probe.isDone()) {
                probe = CompletableFuture.runAsync(jobs::changeCount, runnable -> {
                    Thread t = new Thread(runnable, "img2img-readiness");
                    t.setDaemon(true);
                    t.start();
                });
            }
            current = probe;
        }
        try {
            current.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            return "the job ledger did not answer within " + bound.toMillis() + " ms";
        } catch (ExecutionException e) {
            return "the job ledger is unreachable: " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the readiness check was interrupted";
        }
    }
}
