package io.img2img.adapter.ledger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Who wants to hear "the ledger may have changed": each told in turn; one that throws does not stop the others. */
final class ChangeCallbacks implements Runnable {
    private static final System.Logger LOG = System.getLogger(ChangeCallbacks.class.getName());
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    void add(Runnable callback) {
        callbacks.add(callback);
    }

    @Override
    public void run() {
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a ledger change callback failed", e);
            }
        }
    }
}
