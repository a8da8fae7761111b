package io.img2img.adapter.http;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

/**
 * Two idle timeouts on one connection (SPEC §6, §8): while a request is arriving (headers, body) the connection
 * may stay silent for the short read timeout only, so slow clients are let go soon; once the request is in, the
 * answer may take as long as the longest wait (300 s: waits, event streams), so the connection's timeout is
 * raised to {@link HttpServer#RESPONSE_IDLE_TIMEOUT} — and lowered again when the answer is complete.
 */
public final class ResponsePhase {
    private static final String BEGUN = ResponsePhase.class.getName();

    private ResponsePhase() {}

    /** The request is all in: from now on the answer may be slow (idempotent). */
    public static void begin(ServletRequest request) {
        if (request.getAttribute(BEGUN) != null) {
            return;
        }
        request.setAttribute(BEGUN, Boolean.TRUE);
        Connection connection = connection(request);
        ConnectionGuard.bodyIn(request, connection);
        if (connection != null) {
            connection.getEndPoint().setIdleTimeout(HttpServer.RESPONSE_IDLE_TIMEOUT.toMillis());
        }
    }

    /** Once the exchange is over (now, or when its async answer completes), back to the read timeout for the next request. */
    static void endAfter(HttpServletRequest request, Duration readTimeout) {
        ConnectionGuard.bodyIn(request, connection(request)); // a body the answer did not read is not waited for
        EndPoint endPoint = endPoint(request);
        if (endPoint == null) {
            return;
        }
        if (!request.isAsyncStarted()) {
            endPoint.setIdleTimeout(readTimeout.toMillis());
            return;
        }
        request.getAsyncContext().addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                endPoint.setIdleTimeout(readTimeout.toMillis());
            }

            @Override
            public void onTimeout(AsyncEvent event) {}

            @Override
            public void onError(AsyncEvent event) {}

            @Override
            public void onStartAsync(AsyncEvent event) {}
        });
    }

    static Connection connection(ServletRequest request) {
        ServletContextRequest core = ServletContextRequest.getServletContextRequest(request);
        return core == null ? null : core.getConnectionMetaData().getConnection();
    }

    private static EndPoint endPoint(ServletRequest request) {
        Connection connection = connection(request);
        return connection == null ? null : connection.getEndPoint();
    }
}
