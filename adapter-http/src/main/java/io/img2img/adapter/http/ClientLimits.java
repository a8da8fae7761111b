package io.img2img.adapter.http;

import java.time.Duration;

/**
 * What one client, and all of them together, may hold of the server (SPEC §7, §8): slow or greedy clients
 * cannot starve the others.
 *
 * @param readTimeout              how long a connection may stay silent while its request (headers, body) is
 *                                 arriving, or idle between requests; answering may take far longer (waits, events)
 * @param headerTimeout            how long a new connection has to deliver its first request's headers, however it
 *                                 trickles them (a slow-header client is closed then)
 * @param minRequestBytesPerSecond the slowest a request body may arrive (after a short grace; the connection is closed below it)
 * @param maxConnections           connections open at once; the excess is closed as soon as it is accepted
 * @param maxConnectionsPerAddress connections open at once from one remote address; the excess is closed at once
 * @param maxEventStreamsPerClient job event streams one client may hold open (429 past it)
 */
public record ClientLimits(
        Duration readTimeout,
        Duration headerTimeout,
        long minRequestBytesPerSecond,
        int maxConnections,
        int maxConnectionsPerAddress,
        int maxEventStreamsPerClient) {
    public static final ClientLimits DEFAULTS =
            new ClientLimits(Duration.ofSeconds(20), Duration.ofSeconds(10), 1024, 2048, 128, 32);

    public ClientLimits {
        if (readTimeout.toMillis() < 1 || headerTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("readTimeout and headerTimeout must be positive");
        }
        if (minRequestBytesPerSecond < 0
                || maxConnections < 1
                || maxConnectionsPerAddress < 1
                || maxEventStreamsPerClient < 1) {
            throw new IllegalArgumentException(
                    "connection and stream limits must be positive (a data rate of 0 is no minimum)");
        }
    }
}
