package io.img2img.adapter.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of the server (SPEC §8: slow clients cannot starve it): at most {@code maxConnections} open and
 * {@code maxConnectionsPerAddress} from one remote address — a connection past either is closed as soon as it is
 * accepted, so the excess is refused at once rather than left waiting — and a new connection must deliver its
 * first request's headers within {@code headerTimeout}, however it trickles them (the idle timeout alone would let
 * a byte every few seconds hold it for ever), and a request body must arrive at {@code minRequestBytesPerSecond}
 * at least once {@link #RATE_GRACE} has passed (measured on the connection's received bytes, so JSON, forms and
 * {@code /mcp} alike, and never blaming the client for the server's own pauses while it reads). A connection
 * that fails either is closed. One sweeping thread; no thread per connection.
 */
final class ConnectionGuard implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final long SWEEP_MILLIS = 500;
    /** How long a body may start slowly before its rate is held to the minimum. */
    static final Duration RATE_GRACE = Duration.ofSeconds(5);

    private static final String ATTRIBUTE = ConnectionGuard.class.getName();

    private record Receiving(long sinceNanos, long bytesInBefore) {}

    private final ClientLimits limits;
    private final Map<Connection, String> counted = new HashMap<>();
    private final Map<String, Integer> perAddress = new HashMap<>();
    private final Map<Connection, Long> awaitingHeaders = new ConcurrentHashMap<>();
    private final Map<Connection, Receiving> receiving = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "img2img-connection-guard");
        thread.setDaemon(true);
        return thread;
    });
    private long refused;

    ConnectionGuard(ClientLimits limits) {
        this.limits = limits;
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        String address = address(connection.getEndPoint().getRemoteSocketAddress());
        boolean admit;
        synchronized (this) {
            admit = counted.size() < limits.maxConnections()
                    && perAddress.getOrDefault(address, 0) < limits.maxConnectionsPerAddress();
            if (admit) {
                counted.put(connection, address);
                perAddress.merge(address, 1, Integer::sum);
            } else if (refused++ % 1000 == 0) {
                LOG.warn(
                        "refusing connections: {} open, at most {} ({} per address, this one from {})",
                        counted.size(),
                        limits.maxConnections(),
                        limits.maxConnectionsPerAddress(),
                        address);
            }
        }
        if (!admit) {
            connection.getEndPoint().close();
            return;
        }
        awaitingHeaders.put(
                connection, System.nanoTime() + limits.headerTimeout().toNanos());
    }

    @Override
    public void onClosed(Connection connection) {
        awaitingHeaders.remove(connection);
        receiving.remove(connection);
        synchronized (this) {
            String address = counted.remove(connection);
            if (address != null) {
                perAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
            }
        }
    }

    /**
     * The connection delivered a whole request head: it is no longer held to the header deadline; its body, if it
     * has one, is now held to the data rate until {@link #bodyIn} (or the end of the exchange).
     */
    void requestArrived(Connection connection, boolean body) {
        if (connection != null) {
            awaitingHeaders.remove(connection);
            if (body && limits.minRequestBytesPerSecond() > 0) {
                receiving.put(connection, new Receiving(System.nanoTime(), connection.getBytesIn()));
            } else {
                receiving.remove(connection); // a request without a body is never held to a data rate
            }
        }
    }

    /** The request's body is all in (or will not be read): no data rate applies to this connection any more. */
    static void bodyIn(jakarta.servlet.ServletRequest request, Connection connection) {
        if (request.getAttribute(ATTRIBUTE) instanceof ConnectionGuard guard && connection != null) {
            guard.receiving.remove(connection);
        }
    }

    synchronized int openConnections() {
        return counted.size();
    }

    void stop() {
        sweeper.shutdownNow();
    }

    private void sweep() {
        long now = System.nanoTime();
        awaitingHeaders.forEach((connection, deadline) -> {
            if (now - deadline > 0 && awaitingHeaders.remove(connection, deadline)) {
                connection.getEndPoint().close(); // still no request head: a slow-header client
            }
        });
        long rate = limits.minRequestBytesPerSecond();
        receiving.forEach((connection, r) -> {
            long elapsedMillis = (now - r.sinceNanos) / 1_000_000 - RATE_GRACE.toMillis();
            if (elapsedMillis > 0
                    && connection.getBytesIn() - r.bytesInBefore < rate * elapsedMillis / 1000
                    && receiving.remove(connection, r)) {
                LOG.debug("closing a connection whose request body arrives slower than {} B/s", rate);
                connection.getEndPoint().close(); // a slow-body client
            }
        });
    }

    private static String address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(remote);
    }

    /** Marks each request's connection as past its header deadline; runs first in the gate. */
    jakarta.servlet.Filter arrivals() {
        return (req, res, chain) -> {
            req.setAttribute(ATTRIBUTE, this);
            long length = req.getContentLengthLong();
            boolean body = length > 0
                    || (length < 0
                            && ((jakarta.servlet.http.HttpServletRequest) req).getHeader("Transfer-Encoding") != null);
            Connection connection = ResponsePhase.connection(req);
            requestArrived(connection, body);
            try {
                chain.doFilter(req, res);
            } finally {
                if (connection != null && !req.isAsyncStarted()) {
                    receiving.remove(connection); // answered (perhaps before its body was read): no rate any more
                }
            }
        };
    }
}
