package io.img2img.adapter.rest;

import java.time.Duration;
import java.util.List;

/**
 * The HTTP server's settings.
 *
 * @param apiToken  the bearer token every route but /health, /openapi.json and /docs needs; {@code null} = none
 * @param publicUrl base of absolute asset URLs; {@code null} = http://{host}:{bound port}
 * @param maxEventStreams most job event streams open at once on this node (503 + Retry-After past it)
 * @param eventHeartbeat  how long an event stream may stay silent before a heartbeat comment (15 s; tests shorten it)
 */
public record HttpSettings(String host, int port, String apiToken, List<String> allowedOrigins, String publicUrl,
                           long maxBodyBytes, int maxEventStreams, Duration eventHeartbeat) {
    public static final int DEFAULT_MAX_EVENT_STREAMS = 256;
    public static final Duration EVENT_HEARTBEAT = Duration.ofSeconds(15);

    public HttpSettings(String host, int port, String apiToken, List<String> allowedOrigins, String publicUrl,
                        long maxBodyBytes) {
        this(host, port, apiToken, allowedOrigins, publicUrl, maxBodyBytes, DEFAULT_MAX_EVENT_STREAMS, EVENT_HEARTBEAT);
    }

    public HttpSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (maxEventStreams < 1 || eventHeartbeat.isNegative() || eventHeartbeat.isZero()) {
            throw new IllegalArgumentException("maxEventStreams and eventHeartbeat must be positive");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        if (!isLoopback(host) && apiToken == null) {
            throw new IllegalArgumentException("IMG2IMG_HOST=" + host + " is not a loopback address: set "
                    + "IMG2IMG_API_TOKEN so that nobody else on the network can spend your credits");
        }
    }

    /** Only this machine can reach the address: the one loopback rule (the token and Origin checks rely on it). */
    public static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("::1") || host.equals("[::1]") || host.startsWith("127.");
    }

    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", apiToken=" + (apiToken == null ? "unset" : "(set)")
                + ", allowedOrigins=" + allowedOrigins + ", publicUrl=" + publicUrl + ", maxBodyBytes=" + maxBodyBytes + ", maxEventStreams=" + maxEventStreams + ", eventHeartbeat=" + eventHeartbeat + "]";
    }
}
