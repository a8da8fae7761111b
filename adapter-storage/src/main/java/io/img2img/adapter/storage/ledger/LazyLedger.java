package io.img2img.adapter.storage.ledger;

import io.img2img.application.port.out.JobLedger;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * The job ledger, made on its first call: until then no JDBC, SQLite or Flyway class is even loaded, so
 * {@code img2img mcp} answers {@code tools/list} as fast as before the ledger existed (SPEC §10).
 */
public final class LazyLedger implements AutoCloseable {
    private final LedgerSettings settings;
    private final JobLedger ledger;
    private volatile SqlJobLedger opened;

    public LazyLedger(LedgerSettings settings) {
        this.settings = settings;
        this.ledger = (JobLedger) Proxy.newProxyInstance(JobLedger.class.getClassLoader(), new Class<?>[]{JobLedger.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "job ledger " + settings.url()
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : proxy == args[0];
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

    private SqlJobLedger real() {
        SqlJobLedger current = opened;
        if (current == null) {
            synchronized (this) {
                if (opened == null) {
                    opened = new SqlJobLedger(settings);
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
