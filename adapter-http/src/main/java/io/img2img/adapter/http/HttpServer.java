package io.img2img.adapter.http;

import io.img2img.domain.result.ErrorCode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server: the routes front ends mount ({@link HttpMount}: the REST API), servlets (the MCP
 * transport at /mcp), static content (the playground), and one gate ({@link Gate}) in front of all of them.
 * Built stopped; {@link #start()} binds.
 */
public final class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /**
     * The idle timeout once a request is in: longer than the longest wait (300 s), so waiting calls and SSE
     * streams are not cut. While a request is arriving the connection has the short read timeout instead
     * ({@link ResponsePhase}).
     */
    static final Duration RESPONSE_IDLE_TIMEOUT = Duration.ofSeconds(330);
    /** Jetty's bound on a multipart form's parts: it stops reading at the next one. */
    public static final int MAX_FORM_PARTS = 32;

    private final HttpSettings settings;
    private final Gate gate;
    private final List<HttpMount> mounts;
    private final Javalin app;
    private final List<String> servletPaths;
    private volatile String publicUrl;

    /**
     * @param mounts   the front ends' routes (the REST API)
     * @param servlets path → servlet (the MCP transport at /mcp)
     * @param site     static content served as it is (the playground)
     */
    public HttpServer(HttpSettings settings, List<HttpMount> mounts, Map<String, Servlet> servlets, StaticSite site) {
        this(settings, mounts, servlets, site, List.of());
    }

    /** As above, every request the router answered told to {@code listeners} (metrics). */
    public HttpServer(
            HttpSettings settings,
            List<HttpMount> mounts,
            Map<String, Servlet> servlets,
            StaticSite site,
            List<RequestListener> listeners) {
        this.settings = settings;
        this.mounts = List.copyOf(mounts);
        this.gate = new Gate(settings);
        this.servletPaths = List.copyOf(servlets.keySet());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            // Javalin copies every result through a fresh buffer of this size (Jetty's 32 KiB by default):
            // most answers are a few hundred bytes, and Jetty's own output buffer still aggregates writes
            config.http.responseBufferSize = 8192;
            config.http.prefer405over404 = true;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            config.jetty.modifyServletContextHandler(handler -> {
                handler.setErrorHandler(new ProblemErrorHandler());
                handler.setMaxFormKeys(MAX_FORM_PARTS); // Jetty's bound on a multipart form's parts, too
                gate.filters()
                        .forEach(filter ->
                                handler.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST)));
                servlets.forEach((path, servlet) -> {
                    ServletHolder holder = new ServletHolder(servlet);
                    holder.setAsyncSupported(true);
                    handler.addServlet(holder, path);
                });
            });
            if (!listeners.isEmpty()) {
                List<RequestListener> told = List.copyOf(listeners);
                config.requestLogger.http((ctx, ms) -> {
                    String route = route(ctx);
                    Duration took = Duration.ofNanos((long) (ms * 1_000_000));
                    told.forEach(l -> l.ended(ctx.method().name(), route, ctx.statusCode(), took));
                });
            }
            this.mounts.forEach(mount -> mount.register(config.routes, () -> publicUrl));
            PageRoutes.register(config.routes, site);
            config.routes.exception(CountedBody.TooLarge.class, (e, ctx) -> {
                ctx.header("Connection", "close"); // the rest of the body is not read
                problem(ctx, BodyLimitFilter.tooLarge(settings.maxBodyBytes()));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                problem(ctx, Problem.of(ErrorCode.INTERNAL, "the server failed to answer this request"));
            });
            for (int status : new int[] {400, 404, 405, 413, 500}) {
                config.routes.error(status, "*", ctx -> {
                    String type = ctx.res().getContentType();
                    if (type == null || !type.startsWith(Problem.CONTENT_TYPE)) {
                        problem(
                                ctx,
                                Problem.withStatus(
                                        status,
                                        ProblemErrorHandler.codeOf(status),
                                        status == 404
                                                ? "no route " + ctx.method() + " " + ctx.path()
                                                : Problem.title(status)));
                    }
                });
            }
        });
    }

    /** Binds and starts serving (the settings have already refused a non-loopback address without a token). */
    public void start() {
        app.start();
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector server) {
                limitClients(server);
            }
        }
        publicUrl = settings.publicUrl() != null
                ? settings.publicUrl().replaceAll("/+$", "")
                : "http://" + hostInUrl(settings.host()) + ":" + port();
        gate.origins.ownOrigin(publicUrl);
        gate.hosts.publicUrl(publicUrl);
        mounts.forEach(mount -> mount.started(publicUrl));
        LOG.info("HTTP server on {}", publicUrl);
    }

    /**
     * Slow clients cannot starve the server (SPEC §8): the short read timeout while requests arrive, and the
     * connection caps, header deadline and minimum body data rate of {@link ConnectionGuard}.
     */
    private void limitClients(ServerConnector connector) {
        connector.setIdleTimeout(settings.limits().readTimeout().toMillis());
        connector.addEventListener(gate.connections);
    }

    /** The host as a URL writes it: an IPv6 literal in brackets, once ({@code [::1]} stays {@code [::1]}). */
    public static String hostInUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /**
     * What this server answers, as {@code "METHOD /path"}: every route (the mounts', the static site's) and
     * {@code "* /path"} for each servlet (the README's route list is checked against it).
     */
    public List<String> routes() {
        java.util.stream.Stream<String> routes = app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path);
        return java.util.stream.Stream.concat(routes, servletPaths.stream().map(path -> "* " + path))
                .distinct()
                .toList();
    }

    public int port() {
        return app.port();
    }

    /** Ends open event streams at once, stops accepting, lets calls in flight finish for up to {@code grace}, then stops. */
    public void stop(Duration grace) {
        mounts.forEach(HttpMount::stopping);
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector server) {
                server.close(); // no new connections; open ones finish their requests
            }
        }
        gate.inFlight.awaitNone(grace);
        app.stop();
        gate.connections.stop();
        mounts.forEach(HttpMount::stopped);
    }

    /** The matched route's template, or {@link RequestListener#UNMATCHED}. */
    private static String route(Context ctx) {
        io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        return matched == null || matched.path == null ? RequestListener.UNMATCHED : matched.path;
    }

    /** A problem as Javalin answers it (the gate's filters write theirs before Javalin, {@link Problem#writeTo}). */
    private static void problem(Context ctx, Problem p) {
        if (p.retryAfter() != null) {
            ctx.header("Retry-After", Long.toString(p.retryAfterSeconds()));
        }
        ctx.status(p.status()).contentType(Problem.CONTENT_TYPE).result(p.json());
    }
}
