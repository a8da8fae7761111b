package io.img2img.adapter.http;

import jakarta.servlet.Filter;
import java.util.List;

/**
 * The one gate of the whole server, REST and mounted servlets (/mcp) alike (SPEC §8), as the filters
 * it is made of, in the order they run: every request gets its id ({@link RequestIdFilter}), requests are counted
 * in flight (for a graceful stop), the connection
 * let off its header deadline ({@link ConnectionGuard}), a path that could be routed as another refused
 * ({@link RequestPath}: every later rule decides on the path the router routes), a foreign Host refused when
 * there is no token (DNS rebinding), a foreign browser Origin is refused and CORS answered for allowed ones, the
 * bearer token checked when one is set, and the body held to its limit while it streams.
 */
final class Gate {
    private final RequestIdFilter requestIds = new RequestIdFilter();
    final InFlightFilter inFlight = new InFlightFilter();
    final ConnectionGuard connections;
    final OriginFilter origins;
    final HostFilter hosts;
    private final RequestPath paths = new RequestPath();
    private final TokenFilter token;
    private final BodyLimitFilter bodyLimit;

    Gate(HttpSettings settings) {
        this.connections = new ConnectionGuard(settings.limits());
        this.origins = new OriginFilter(settings.allowedOrigins());
        this.hosts = new HostFilter(settings.apiToken() != null);
        this.token = new TokenFilter(settings.apiToken());
        this.bodyLimit =
                new BodyLimitFilter(settings.maxBodyBytes(), settings.limits().readTimeout());
    }

    List<Filter> filters() {
        return List.of(requestIds, inFlight, connections.arrivals(), paths, hosts, origins, token, bodyLimit);
    }
}
