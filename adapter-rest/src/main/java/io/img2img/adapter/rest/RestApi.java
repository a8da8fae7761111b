package io.img2img.adapter.rest;

import io.img2img.adapter.http.HttpMount;
import io.img2img.adapter.http.HttpSettings;
import io.img2img.application.port.in.CheckReadiness;
import io.img2img.application.port.in.DescribeServer;
import io.javalin.config.RoutesConfig;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The REST API as it is mounted on the HTTP server: the /v1 routes, /health, /health/ready, /openapi.json and /docs, with the
 * event streams and multipart uploads they hold.
 */
public final class RestApi implements HttpMount {
    private final HttpSettings settings;
    private final RestUseCases useCases;
    private final FormBody forms;
    private final EventStreams eventStreams;
    private final DescribeServer.Description about;
    private final CheckReadiness readiness;
    private volatile String openApi;

    /** A REST API that reports itself ready whenever it answers (tests of other routes). */
    public RestApi(HttpSettings settings, RestUseCases useCases) {
        this(settings, useCases, CheckReadiness.Readiness::ok);
    }

    public RestApi(HttpSettings settings, RestUseCases useCases, CheckReadiness readiness) {
        this.settings = settings;
        this.readiness = readiness;
        this.useCases = useCases;
        this.about = useCases.server().describe();
        this.forms = new FormBody(settings.maxBodyBytes());
        this.eventStreams = new EventStreams(
                useCases.observeJob(),
                settings.maxEventStreams(),
                settings.limits().maxEventStreamsPerClient(),
                settings.eventHeartbeat());
    }

    @Override
    public void register(RoutesConfig config, Supplier<String> publicUrl) {
        String assetCaching = assetCaching(settings.apiToken() != null);
        GenerationRoutes routes = new GenerationRoutes(useCases, publicUrl, forms, assetCaching);
        BrowseRoutes browse = new BrowseRoutes(useCases, assetCaching);
        JobListRoutes jobList = new JobListRoutes(useCases.listJobs(), useCases.cancelJob(), publicUrl);
        JobEventRoutes events = new JobEventRoutes(useCases.observeJob(), useCases.getJob(), eventStreams, publicUrl);
        String health = Responses.write(
                Map.of("status", "ok", "backend", about.backend().wireName(), "version", about.version()));
        config.post("/v1/generate/img2img", routes::generate);
        config.get("/v1/jobs/{jobId}", routes::job);
        config.get("/v1/jobs/{jobId}/events", events::events);
        config.get("/v1/assets/{assetId}", ctx -> {
            if (ctx.queryParam("maxSide") != null) {
                browse.preview(ctx);
            } else {
                routes.asset(ctx);
            }
        });
        config.get("/v1/models", browse::models);
        config.get("/v1/jobs", jobList::list);
        config.get("/v1/usage", new UsageRoutes(useCases.usage())::usage);
        config.delete("/v1/jobs/{jobId}", jobList::cancel);
        config.get("/health", ctx -> ctx.contentType("application/json").result(health));
        config.get("/health/ready", this::ready);
        config.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        DocsPage.register(config);
    }

    /** Readiness (SPEC §6): 200 {"status":"ready"}, or 503 {"status":"not-ready","reasons":[…]}. */
    private void ready(io.javalin.http.Context ctx) {
        CheckReadiness.Readiness now = readiness.check();
        ctx.header("Cache-Control", "no-store")
                .status(now.ready() ? 200 : 503)
                .contentType("application/json")
                .result(Responses.write(
                        now.ready()
                                ? Map.of("status", "ready")
                                : Map.of("status", "not-ready", "reasons", now.reasons())));
    }

    /** How many job event streams this node holds open now (a metric). */
    public int openEventStreams() {
        return eventStreams.openCount();
    }

    @Override
    public void started(String publicUrl) {
        openApi = Responses.write(OpenApiDocument.build(about.version(), publicUrl));
        eventStreams.start();
    }

    @Override
    public void stopping() {
        eventStreams.closeAll();
    }

    @Override
    public void stopped() {
        forms.close();
    }

    /**
     * Assets never change (an id names one image for good); behind the token only the client that sent it may
     * keep a copy: {@code public} would let a shared cache re-serve them without the token (RFC 9111).
     */
    static String assetCaching(boolean tokenSet) {
        return (tokenSet ? "private" : "public") + ", max-age=31536000, immutable";
    }

    /** Where large form parts wait while their request is read (private; emptied per request, removed on stop). */
    java.nio.file.Path uploadFolder() {
        return forms.uploads();
    }
}
