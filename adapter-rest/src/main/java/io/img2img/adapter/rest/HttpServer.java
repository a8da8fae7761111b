package io.img2img.adapter.rest;

import io.img2img.domain.result.ErrorCode;
import io.img2img.application.port.in.DescribeServer;
import io.javalin.Javalin;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

/**
 * The one HTTP server: the REST routes, any extra servlets (the MCP transport at /mcp), and one gate
 * ({@link Gate}) in front of all of them. Built stopped; {@link #start()} binds.
 */
public final class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /**
     * The idle timeout once a request is in: longer than the longest wait (300 s), so waiting calls and SSE
     * streams are not cut. While a request is arriving the connection has the short read timeout instead
     * ({@link ResponsePhase}).
     */
    static final Duration RESPONSE_IDLE_TIMEOUT = Duration.ofSeconds(330);

    private final HttpSettings settings;
    private final Gate gate;
    private final FormBody forms;
    private final Javalin app;
    private final EventStreams eventStreams;
    private final DescribeServer.Description about;
    private volatile String publicUrl;
    private String openApi;

    public HttpServer(HttpSettings settings, RestUseCases useCases, Map<String, Servlet> extraServlets) {
        this(settings, useCases, extraServlets, StaticSite.NONE);
    }

    public HttpServer(HttpSettings settings, RestUseCases useCases, Map<String, Servlet> extraServlets, StaticSite site) {
        this.settings = settings;
        this.about = useCases.server().describe();
        this.gate = new Gate(settings);
        this.forms = new FormBody(settings.maxBodyBytes());
        String assetCaching = assetCaching(settings.apiToken() != null);
        GenerationRoutes routes = new GenerationRoutes(useCases, () -> publicUrl, forms, assetCaching);
        BrowseRoutes browse = new BrowseRoutes(useCases, assetCaching);
        JobListRoutes jobList = new JobListRoutes(useCases.listJobs(), useCases.cancelJob(), () -> publicUrl);
        this.eventStreams = new EventStreams(useCases.observeJob(), settings.maxEventStreams(),
                settings.limits().maxEventStreamsPerClient(), settings.eventHeartbeat());
        JobEventRoutes events = new JobEventRoutes(useCases.observeJob(), useCases.getJob(), eventStreams, () -> publicUrl);
        String health = Responses.write(Map.of("status", "ok", "backend", about.backend().wireName(), "version", about.version()));
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
                handler.setMaxFormKeys(FormBody.MAX_PARTS); // Jetty's bound on a multipart form's parts, too
                gate.filters().forEach(filter -> handler.addFilter(new FilterHolder(filter), "/*",
                        EnumSet.of(DispatcherType.REQUEST)));
                extraServlets.forEach((path, servlet) -> {
                    ServletHolder holder = new ServletHolder(servlet);
                    holder.setAsyncSupported(true);
                    handler.addServlet(holder, path);
                });
            });
            config.routes.post("/v1/generate/img2img", routes::generate);
            config.routes.get("/v1/jobs/{jobId}", routes::job);
            config.routes.get("/v1/jobs/{jobId}/events", events::events);
            config.routes.get("/v1/assets/{assetId}", ctx -> {
                if (ctx.queryParam("maxSide") != null) {
                    browse.preview(ctx);
                } else {
                    routes.asset(ctx);
                }
            });
            config.routes.get("/v1/models", browse::models);
            config.routes.get("/v1/jobs", jobList::list);
            config.routes.delete("/v1/jobs/{jobId}", jobList::cancel);
            config.routes.get("/health", ctx -> ctx.contentType("application/json").result(health));
            config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            PageRoutes.register(config.routes, site);
            config.routes.exception(CountedBody.TooLarge.class, (e, ctx) -> {
                ctx.header("Connection", "close"); // the rest of the body is not read
                Responses.problem(ctx, BodyLimitFilter.tooLarge(settings.maxBodyBytes()));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                Responses.problem(ctx, Problem.of(ErrorCode.INTERNAL, "the server failed to answer this request"));
            });
            for (int status : new int[]{400, 404, 405, 413, 500}) {
                config.routes.error(status, "*", ctx -> {
                    String type = ctx.res().getContentType();
                    if (type == null || !type.startsWith(Problem.CONTENT_TYPE)) {
                        Responses.problem(ctx, Problem.withStatus(status, ProblemErrorHandler.codeOf(status),
                                status == 404 ? "no route " + ctx.method() + " " + ctx.path() : Problem.title(status)));
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
        publicUrl = settings.publicUrl() != null ? settings.publicUrl().replaceAll("/+$", "")
                : "http://" + hostInUrl(settings.host()) + ":" + port();
        gate.origins.ownOrigin(publicUrl);
        gate.hosts.publicUrl(publicUrl);
        openApi = Responses.write(OpenApiDocument.build(about.version(), publicUrl));
        eventStreams.start();
        LOG.info("HTTP server on {} (backend {})", publicUrl, about.backend().wireName());
    }

    /**
     * Slow clients cannot starve the server (SPEC §8): the short read timeout while requests arrive, and the
     * connection caps, header deadline and minimum body data rate of {@link ConnectionGuard}.
     */
    private void limitClients(ServerConnector connector) {
        connector.setIdleTimeout(settings.limits().readTimeout().toMillis());
        connector.addEventListener(gate.connections);
    }

    /**
     * Assets never change (an id names one image for good); behind the token only the client that sent it may
     * keep a copy: {@code public} would let a shared cache re-serve them without the token (RFC 9111).
     */
    static String assetCaching(boolean tokenSet) {
        return (tokenSet ? "private" : "public") + ", max-age=31536000, immutable";
    }

    /** The host as a URL writes it: an IPv6 literal in brackets, once ({@code [::1]} stays {@code [::1]}). */
    static String hostInUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Where large form parts wait while their request is read (private; emptied per request, removed on stop). */
    java.nio.file.Path uploadFolder() {
        return forms.uploads();
    }

    public int port() {
        return app.port();
    }

    /** Ends open event streams at once, stops accepting, lets calls in flight finish for up to {@code grace}, then stops. */
    public void stop(Duration grace) {
        eventStreams.closeAll();
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector server) {
                server.close(); // no new connections; open ones finish their requests
            }
        }
        gate.inFlight.awaitNone(grace);
        app.stop();
        gate.connections.stop();
        forms.close();
    }

}
