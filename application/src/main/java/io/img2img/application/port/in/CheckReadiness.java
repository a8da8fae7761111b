package io.img2img.application.port.in;

import java.util.List;

/**
 * Whether this node can do its work now (SPEC §6 {@code GET /health/ready}): its job ledger answers, within a short
 * bound, and its backend has not refused this node's credentials. Liveness ({@code GET /health}) asks nothing.
 */
public interface CheckReadiness {

    /** Ready, or not with the reasons (plain sentences, never a secret). */
    record Readiness(boolean ready, List<String> reasons) {
        public static Readiness ok() {
            return new Readiness(true, List.of());
        }
    }

    Readiness check();
}
