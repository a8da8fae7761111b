package io.img2img.adapter.rest;

import io.javalin.http.Context;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection under one job event stream (SPEC §6), as far as the servlet API does not reach: the request goes
 * async before Javalin's own {@code ctx.future} (so the output can be non-blocking), a dropped client's connection
 * is cut, and a client that goes away is noticed at once — the connection is watched for reading (an SSE client
 * sends nothing after its request, so anything readable is its close), rather than learnt at the next heartbeat.
 * The response says {@code Connection: close}: the watch is never in the way of a next request on it.
 */
final class EventConnection {
    private static final Logger LOG = LoggerFactory.getLogger(EventConnection.class);

    private EventConnection() {}

    /** Before the headers are sent: the connection ends with the stream. */
    static void prepare(Context ctx) {
        ctx.res().setHeader("Connection", "close");
    }

    /** Starts the request's async mode, with no timeout: the stream lasts as long as its job. */
    static void startAsync(Context ctx) {
        AsyncContext async = ctx.req().startAsync();
        async.setTimeout(0);
    }

    /** From now on {@code gone} runs (at most once matters) when the client's connection fails or closes. */
    static void watch(Context ctx, Runnable gone) {
        ctx.req().getAsyncContext().addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                gone.run();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                gone.run();
            }

            @Override
            public void onError(AsyncEvent event) {
                gone.run();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // this stream was started already
            }
        });
        ServletChannel channel = channel(ctx);
        // a blocking callback: Jetty runs it on a pool thread, never on its selector (the stream's end completes
        // the request, which may write)
        if (channel != null
                && !channel.getEndPoint()
                        .tryFillInterested(
                                Callback.from(Invocable.InvocationType.BLOCKING, gone, failure -> gone.run()))) {
            LOG.debug("the connection is watched by the server already (its failure reaches the async listener)");
        }
    }

    /** Cuts the client's connection (a client dropped for not reading). */
    static void abort(Context ctx) {
        ServletChannel channel = channel(ctx);
        if (channel != null) {
            channel.abort(new IOException("job event stream dropped: the client stopped reading"));
        }
    }

    private static ServletChannel channel(Context ctx) {
        try {
            return ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel();
        } catch (RuntimeException e) { // not Jetty's request (never in this server)
            LOG.debug("no Jetty channel under a job event stream", e);
            return null;
        }
    }
}
