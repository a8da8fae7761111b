package io.img2img.adapter.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The MCP server over Streamable HTTP, as a servlet to mount at {@code /mcp} (with async support) in
 * the HTTP server that also serves REST; that server's filter checks the token, the Origin and the body
 * size. Local file paths are refused here. The SDK's servlet writes its 4xx/5xx JSON bodies by
 * serialising the exception, stack trace included: every error body goes through
 * {@link ErrorBodyScrubber} and leaves as a plain JSON-RPC error (code and message only).
 *
 * <p>Sessions are bounded here ({@link McpSessionBounds}), since the SDK keeps each one, with what its
 * client sent in {@code initialize}, until the client deletes it: an {@code initialize} (a POST without a
 * session id) larger than the bound is refused before the SDK reads it; past the cap it is answered 503
 * with {@code Retry-After}; a session idle past the bound is closed through the SDK's own DELETE, so its
 * id answers 404 afterwards and the client starts a new one, as the MCP specification says.
 */
public final class McpHttpServlet extends HttpServlet {
    public static final String PATH = "/mcp";
    static final String SESSION_HEADER = "Mcp-Session-Id";
    /** The retry hint when every session place is taken: an idle one is closed within the idle bound. */
    static final int FULL_RETRY_AFTER_SECONDS = 60;

    private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(McpHttpServlet.class);
    private static final long serialVersionUID = 1L;

    private final transient HttpServletStreamableServerTransportProvider transport;
    private final transient McpSyncServer server;
    private final transient McpSessionBounds bounds;
    private final transient McpSessions sessions;
    private final transient LongSupplier nanoTime;
    private final transient AtomicLong lastSweep;

    public McpHttpServlet(McpSettings settings, McpUseCases useCases) {
        this(settings, useCases, System::nanoTime);
    }

    /** @param nanoTime the clock sessions age by (a test's own) */
    McpHttpServlet(McpSettings settings, McpUseCases useCases, LongSupplier nanoTime) {
        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(ServerAssembly.HTTP_JSON)
                .mcpEndpoint(PATH)
                .maxRequestSize(settings.httpBodyLimit())
                // the log context of the request's thread (its request id) goes with the call to the SDK's threads
                .contextExtractor(request -> {
                    Map<String, String> log = MDC.getCopyOfContextMap();
                    return log == null || log.isEmpty()
                            ? McpTransportContext.EMPTY
                            : McpTransportContext.create(Map.of(Img2ImgTools.LOG_CONTEXT, log));
                })
                .build();
        this.server = new ServerAssembly(settings, useCases).build(McpServer.sync(transport), false);
        this.bounds = settings.sessions();
        this.nanoTime = nanoTime;
        this.lastSweep = new AtomicLong(nanoTime.getAsLong());
        this.sessions = new McpSessions(bounds, nanoTime);
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        transport.init(config);
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            throw new ServletException("not an HTTP request");
        }
        WireMapper.forgetRequestId();
        closeIdleSessions(http, httpResponse, false);
        String session = http.getHeader(SESSION_HEADER);
        if (session == null && "POST".equals(http.getMethod())) {
            initialize(http, httpResponse);
            return;
        }
        sessions.used(session);
        try {
            SessionWatch watched = new SessionWatch(httpResponse);
            pass(http, watched);
            if (watched.getStatus() == HttpServletResponse.SC_NOT_FOUND
                    || "DELETE".equals(http.getMethod()) && watched.getStatus() == HttpServletResponse.SC_OK) {
                sessions.closed(session); // deleted by its client, or unknown to the SDK
            }
        } finally {
            sessions.used(session);
        }
    }

    /** A POST without a session id: an {@code initialize}, bounded in size and in number. */
    private void initialize(HttpServletRequest http, HttpServletResponse response)
            throws ServletException, IOException {
        byte[] body = BufferedBodyRequest.readAtMost(http, bounds.maxInitializeBytes());
        if (body == null) {
            response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            ErrorBodyScrubber.write(
                    response,
                    null,
                    -32600,
                    "an initialize request (a POST without " + SESSION_HEADER + ") may hold at most "
                            + bounds.maxInitializeBytes() + " bytes");
            return;
        }
        if (!sessions.reserve()) {
            closeIdleSessions(http, response, true);
            if (!sessions.reserve()) {
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setHeader("Retry-After", Integer.toString(FULL_RETRY_AFTER_SECONDS));
                ErrorBodyScrubber.write(
                        response,
                        null,
                        -32000,
                        "this server has " + sessions.open()
                                + " MCP sessions open, its bound (IMG2IMG_MAX_MCP_SESSIONS): retry later, or end sessions no "
                                + "longer used (DELETE " + PATH + " with their " + SESSION_HEADER + ")");
                return;
            }
        }
        String opened = null;
        try {
            SessionWatch watched = new SessionWatch(response);
            pass(new BufferedBodyRequest(http, body), watched);
            opened = watched.sessionId();
        } finally {
            sessions.opened(opened);
        }
    }

    private void pass(HttpServletRequest http, HttpServletResponse response) throws ServletException, IOException {
        ErrorBodyScrubber scrubbed = new ErrorBodyScrubber(response);
        transport.service(http, scrubbed);
        scrubbed.finish();
    }

    /**
     * Closes the sessions idle past the bound, through the SDK's DELETE (it then forgets them and what
     * they hold); at most once a second unless {@code now}.
     */
    private void closeIdleSessions(HttpServletRequest current, HttpServletResponse currentResponse, boolean now) {
        long at = nanoTime.getAsLong();
        long last = lastSweep.get();
        if (!now && (at - last < SWEEP_EVERY_NANOS || !lastSweep.compareAndSet(last, at))) {
            return;
        }
        List<String> idle = sessions.takeIdle();
        for (String id : idle) {
            try {
                transport.service(SessionDeletion.of(current, id), new DiscardedResponse(currentResponse));
            } catch (ServletException | IOException | RuntimeException e) {
                LOG.warn("closing idle MCP session failed: {}", e.toString());
            }
        }
        if (!idle.isEmpty()) {
            LOG.info(
                    "closed {} MCP session(s) idle for more than {} minutes",
                    idle.size(),
                    bounds.idle().toMinutes());
        }
    }

    @Override
    public void destroy() {
        server.closeGracefully();
        super.destroy();
    }
}
