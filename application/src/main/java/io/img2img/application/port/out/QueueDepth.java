package io.img2img.application.port.out;

import java.time.Duration;

/**
 * The queue of one backend identity as the ledger holds it now: how many jobs wait, and how long the oldest of
 * them has waited since it was accepted (by the database's clock).
 */
public record QueueDepth(String backendIdentity, int queued, Duration oldestAge) {}
