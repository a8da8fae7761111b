package io.img2img.adapter.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP server over stdio ({@code img2img mcp}). It writes nothing but protocol frames to the stream
 * it is given (everything else goes through SLF4J), accepts local file paths for {@code image}, and
 * returns when the client closes stdin (once the requests read before it are answered), or when the
 * session ends for another reason (a frame past the limit, a line that is not JSON-RPC), so the process
 * can exit cleanly. No Jetty, no HTTP client.
 */
public final class McpStdioServer {
    private static final Logger LOG = LoggerFactory.getLogger(McpStdioServer.class);

    private final ServerAssembly assembly;

    public McpStdioServer(McpSettings settings, McpUseCases useCases) {
        this.assembly = new ServerAssembly(settings, useCases);
    }

    /**
     * Serves one client until its session ends.
     *
     * @param in         the client's frames (stdin)
     * @param realStdout the real standard output; the caller then points {@code System.out} elsewhere
     */
    public void run(InputStream in, PrintStream realStdout) throws InterruptedException {
        serve(in, realStdout);
    }

    /**
     * Serves the rest of a session whose start {@link StdioHandshake} answered: it can be called before the
     * handshake hands over (it then waits for it), and it does not repeat the answers the client already has.
     */
    public void run(SessionHandoff session, PrintStream realStdout) throws InterruptedException {
        serve(session, new AnsweredByHandshake(realStdout, session));
    }

    private void serve(InputStream in, java.io.OutputStream realStdout) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        var pending = new PendingAnswers(assembly.settings().waitBudget().plusMinutes(2));
        var stdio = new StdioServerTransportProvider(
                new RequestCountingMapper(ServerAssembly.JSON, pending),
                new LineAtATimeInput(in, pending),
                new java.io.PrintStream(
                        new AnswerCountingOutput(realStdout, pending), false, java.nio.charset.StandardCharsets.UTF_8),
                assembly.settings().stdioFrameLimit());
        McpSyncServer server = assembly.build(McpServer.sync(new EndAware(stdio, ended)), true);
        LOG.info(
                "MCP stdio server ready (frame limit {} characters)",
                assembly.settings().stdioFrameLimit());
        try {
            ended.await();
        } finally {
            LOG.info("MCP stdio session ended");
            server.close();
        }
    }

    /** The SDK's stdio transport, telling us when its one session closes (stdin closed or unreadable). */
    private record EndAware(StdioServerTransportProvider delegate, CountDownLatch ended)
            implements McpServerTransportProvider {
        @Override
        public void setSessionFactory(McpServerSession.Factory factory) {
            delegate.setSessionFactory(transport -> factory.create(new ClosingTransport(transport, ended)));
        }

        @Override
        public Mono<Void> notifyClients(String method, Object params) {
            return delegate.notifyClients(method, params);
        }

        @Override
        public Mono<Void> notifyClient(String sessionId, String method, Object params) {
            return delegate.notifyClient(sessionId, method, params);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully();
        }

        @Override
        public List<String> protocolVersions() {
            return delegate.protocolVersions();
        }
    }

    private record ClosingTransport(McpServerTransport delegate, CountDownLatch ended) implements McpServerTransport {
        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return delegate.sendMessage(message);
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return delegate.unmarshalFrom(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully().doFinally(signal -> ended.countDown());
        }

        @Override
        public void close() {
            delegate.close();
            ended.countDown();
        }

        @Override
        public List<String> protocolVersions() {
            return delegate.protocolVersions();
        }
    }
}
