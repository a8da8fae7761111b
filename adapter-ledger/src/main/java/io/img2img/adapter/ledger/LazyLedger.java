package io.img2img.adapter.ledger;

import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.JobLedger;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The job ledger, made on its first call: until then no JDBC, SQLite or Flyway class is even loaded, so
 * {@code img2img mcp} answers {@code tools/list} as fast as before the ledger existed (SPEC §10).
 */
public final class LazyLedger implements AutoCloseable {
    private final LedgerSettings settings;
    private final JobLedger ledger;
    private final List<Runnable> changeCallbacks = new CopyOnWriteArrayList<>();
    private volatile SqlJobLedger opened;

    public LazyLedger(LedgerSettings settings) {
        this.settings = settings;
        this.ledger = (JobLedger) Proxy.newProxyInstance(
                JobLedger.class.getClassLoader(), new Class<?>[] {JobLedger.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString")
                                ? "job ledger " + settings.url()
                                : method.getName().equals("hashCode")
                                        ? System.identityHashCode(proxy)
                                        : proxy == args[0];
                    }
                    if (method.getName().equals("announcesChangesElsewhere")) {
                        return onSharedChange((Runnable) args[0]); // heard from the opening on; opens nothing now
                    }
                    try {
                        return method.invoke(real(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The ledger; its database is opened by the first call that needs it. */
    public JobLedger ledger() {
        return ledger;
    }

    /**
     * Calls {@code callback} whenever another node may have changed a shared (PostgreSQL) ledger, from its
     * opening on, and answers true; does nothing for SQLite, whose writers in other processes are noticed by
     * polling, and answers false.
     */
    public boolean onSharedChange(Runnable callback) {
        if (!settings.shared()) {
            return false;
        }
        synchronized (this) {
            if (opened == null) {
                changeCallbacks.add(callback); // handed over when the ledger opens
                return true;
            }
        }
        opened.onChange(callback);
        return true;
    }

    /** The webhook outbox in the ledger's database, opened by its first call as the ledger is. */
    public io.img2img.application.port.out.WebhookOutbox webhookOutbox() {
        return new io.img2img.application.port.out.WebhookOutbox() {
            @Override
            public java.util.Optional<io.img2img.application.port.out.WebhookDelivery> claimDue(
                    String holder, java.time.Duration lease) {
                return real().webhookOutbox().claimDue(holder, lease);
            }

            @Override
            public boolean settle(
                    io.img2img.application.port.out.WebhookDelivery claimed,
                    String holder,
                    byte[] body,
                    boolean delivered,
                    Integer status,
                    String error,
                    java.time.Duration retryIn) {
                return real().webhookOutbox().settle(claimed, holder, body, delivered, status, error, retryIn);
            }

            @Override
            public java.util.List<io.img2img.application.port.out.WebhookDelivery> deliveriesOf(String jobId) {
                return real().webhookOutbox().deliveriesOf(jobId);
            }
        };
    }

    /** The images kept in the shared database (PostgreSQL); empty for SQLite. Opens nothing yet. */
    public Optional<AssetStore> sharedAssetStore(ImageCodec codec) {
        return settings.shared() ? real().assetStore(codec) : Optional.empty();
    }

    private SqlJobLedger real() {
        SqlJobLedger current = opened;
        if (current == null) {
            synchronized (this) {
                if (opened == null) {
                    SqlJobLedger made = new SqlJobLedger(settings);
                    changeCallbacks.forEach(made::onChange);
                    opened = made;
                }
                current = opened;
            }
        }
        return current;
    }

    @Override
    public synchronized void close() {
        if (opened != null) {
            opened.close();
        }
    }
}
