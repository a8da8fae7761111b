package io.img2img.adapter.metrics;

import io.img2img.application.port.out.Acceptance;
import io.img2img.application.port.out.CancelOutcome;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.port.out.SweepResult;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * The {@link JobLedger} port, measured: every call is timed by its operation (the method's name) and every
 * {@link LedgerUnavailableException} counted, by one generic decorator rather than a pass-through per method. The
 * job metrics are read from what the ledger committed and answered, so they count facts, not attempts: a job
 * accepted, a holder's write that ended a job, a {@code submitting} commit (each is followed by exactly one paid
 * POST), a takeover, a sweep, a cancel, the price recorded at acceptance and the price billed at submission.
 */
final class MeteredLedger {
    private MeteredLedger() {}

    static JobLedger wrap(JobLedger target, JobMetrics metrics) {
        return (JobLedger) Proxy.newProxyInstance(
                JobLedger.class.getClassLoader(), new Class<?>[] {JobLedger.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "toString" -> "metered " + target;
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> proxy == args[0];
                        };
                    }
                    long start = System.nanoTime();
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        metrics.ledgerCall(method.getName(), System.nanoTime() - start);
                        if (e.getCause() instanceof LedgerUnavailableException) {
                            metrics.ledgerFailure(method.getName());
                        }
                        throw e.getCause();
                    }
                    metrics.ledgerCall(method.getName(), System.nanoTime() - start);
                    observe(metrics, method, args, result);
                    return result;
                });
    }

    /** What a call that returned tells about the jobs. */
    private static void observe(JobMetrics metrics, Method method, Object[] args, Object result) {
        switch (method.getName()) {
            case "accept" -> {
                if (((Acceptance) result).outcome() == Acceptance.Outcome.ACCEPTED) {
                    metrics.accepted(((NewJob) args[0]).price());
                }
            }
            case "markSubmitting" -> present(result).ifPresent(job -> metrics.paidPostSent());
            case "markSubmitted" -> present(result).ifPresent(job -> metrics.billed((Double) args[2]));
            case "finish", "markOutcomeUnknown" ->
                present(result).filter(job -> job.state().terminal()).ifPresent(metrics::ended);
            case "cancel" -> {
                CancelOutcome outcome = (CancelOutcome) result;
                if (outcome.kind() == CancelOutcome.Kind.CANCELED && outcome.job() != null) {
                    metrics.ended(outcome.job());
                }
            }
            case "takeOverSubmitted" -> present(result).ifPresent(job -> metrics.takenOver());
            case "sweepExpiredLeases" -> metrics.swept((SweepResult) result);
            default -> {
                // a read, a renewal or a write that ends nothing
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Optional<LedgerJob> present(Object result) {
        return (Optional<LedgerJob>) result;
    }
}
