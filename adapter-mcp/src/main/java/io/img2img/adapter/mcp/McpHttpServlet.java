package io.img2img.adapter.mcp;

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

/**
 * The MCP server over Streamable HTTP, as a servlet to mount at {@code /mcp} (with async support) in
 * the HTTP server that also serves REST; that server's filter checks the token, the Origin and the body
 * size. Local file paths are refused here. The SDK's servlet writes its 4xx/5xx JSON bodies by
 * serialising the exception, stack trace included: every error body goes through
 * {@link ErrorBodyScrubber} and leaves as a plain JSON-RPC error (code and message only).
 */
public final class McpHttpServlet extends HttpServlet {
    public static final String PATH = "/mcp";
    private static final long serialVersionUID = 1L;

    private final transient HttpServletStreamableServerTransportProvider transport;
    private final transient McpSyncServer server;

    public McpHttpServlet(McpSettings settings, McpUseCases useCases) {
        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(ServerAssembly.JSON)
                .mcpEndpoint(PATH)
                .maxRequestSize(settings.httpBodyLimit())
                .build();
        this.server = new ServerAssembly(settings, useCases)
                .build(McpServer.sync(transport), false);
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
        ErrorBodyScrubber scrubbed = new ErrorBodyScrubber(httpResponse);
        transport.service(http, scrubbed);
        scrubbed.finish();
    }

    @Override
    public void destroy() {
        server.closeGracefully();
        super.destroy();
    }
}
