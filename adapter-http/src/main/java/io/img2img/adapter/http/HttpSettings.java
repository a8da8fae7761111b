package io.img2img.adapter.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP server's settings.
 *
 * @param apiToken  the bearer token every route but /health, /health/ready, /openapi.json and /docs needs; {@code null} = none
 * @param publicUrl base of absolute asset URLs; {@code null} = http://{host}:{bound port}
 * @param maxEventStreams most job event streams open at once on this node (503 + Retry-After past it)
 * @param eventHeartbeat  how long an event stream may stay silent before a heartbeat comment (15 s; tests shorten it)
 * @param limits          what one client, and all of them together, may hold: connections, timeouts, event streams
 */
public record HttpSettings(
        String host,
        int port,
        String apiToken,
        List<String> allowedOrigins,
        String publicUrl,
        long maxBodyBytes,
        int maxEventStreams,
        Duration eventHeartbeat,
        ClientLimits limits) {
    public static final int DEFAULT_MAX_EVENT_STREAMS = 256;
    public static final Duration EVENT_HEARTBEAT = Duration.ofSeconds(15);

    /** The defaults for everything but where it listens, who may call and how large a body may be. */
    public HttpSettings(
            String host, int port, String apiToken, List<String> allowedOrigins, String publicUrl, long maxBodyBytes) {
        this(
                host,
                port,
                apiToken,
                allowedOrigins,
                publicUrl,
                maxBodyBytes,
                DEFAULT_MAX_EVENT_STREAMS,
                EVENT_HEARTBEAT,
                ClientLimits.DEFAULTS);
    }

    public HttpSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (maxEventStreams < 1 || eventHeartbeat.isNegative() || eventHeartbeat.isZero()) {
            throw new IllegalArgumentException("maxEventStreams and eventHeartbeat must be positive");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        java.util.Objects.requireNonNull(limits, "limits");
        if (apiToken == null) {
            String why = notLoopback(host);
            if (why != null) {
                throw new IllegalArgumentException("IMG2IMG_HOST=" + host + " " + why + ": set "
                        + "IMG2IMG_API_TOKEN so that nobody else on the network can spend your credits");
            }
        }
    }

    /**
     * Why binding this host could let other machines in ({@code null}: it cannot). A loopback literal or
     * {@code localhost} is loopback (the {@link Loopback} rule); any other name is resolved, and every address
     * it names must be loopback — {@code 127.lan.example} may well name the machine's network address.
     */
    static String notLoopback(String host) {
        if (Loopback.is(host)) {
            return null;
        }
        if (Loopback.isLiteral(host)) {
            return "is not a loopback address";
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return "names " + address.getHostAddress() + ", not a loopback address";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "does not resolve to an address (only a loopback address is allowed without a token)";
        }
    }

    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", apiToken=" + (apiToken == null ? "unset" : "(set)")
                + ", allowedOrigins=" + allowedOrigins + ", publicUrl=" + publicUrl + ", maxBodyBytes=" + maxBodyBytes
                + ", maxEventStreams=" + maxEventStreams + ", eventHeartbeat=" + eventHeartbeat + ", limits=" + limits
                + "]";
    }
}
