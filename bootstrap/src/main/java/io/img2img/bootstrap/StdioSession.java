package io.img2img.bootstrap;

import io.img2img.adapter.mcp.SessionHandoff;
import io.img2img.adapter.mcp.StdioHandshake;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code img2img mcp}: the handshake is answered at once from the answers recorded at build time
 * ({@link StdioHandshake}) while the application is built beside it; the first frame that needs the
 * application (a tool call) waits for it, and it serves the rest of the session. A client that only
 * lists the tools and leaves never waits for the application.
 */
final class StdioSession {
    /**
     * {@code -Dimg2img.mcp.buildAhead=false}: build the application only when the handshake hands over, not
     * beside it. Slower first call; it lets a test see what the handshake alone loads.
     */
    static final String BUILD_AHEAD = "img2img.mcp.buildAhead";

    private StdioSession() {}

    static int run(Settings settings, InputStream stdin, PrintStream stdout, PrintStream stderr)
            throws InterruptedException {
        StdioHandshake handshake =
                StdioHandshake.of(settings.backend().wireName(), Main.version(), settings.mcpSettings());
        SessionHandoff session = new SessionHandoff();
        CompletableFuture<Integer> outcome = new CompletableFuture<>();
        Thread application = new Thread(
                () -> {
                    try {
                        outcome.complete(ApplicationGraph.run(
                                settings, stderr, injector -> Lifecycle.mcp(injector, settings, session, stdout)));
                    } finally {
                        outcome.complete(1); // an Error: the session cannot go on
                    }
                },
                "img2img-mcp-application");
        boolean buildAhead = !"false".equals(System.getProperty(BUILD_AHEAD));
        if (buildAhead) {
            application.start();
        }
        Thread front = new Thread(
                () -> {
                    try {
                        if (!handshake.serve(stdin, stdout, session)) {
                            outcome.complete(0); // stdin ended before anything needed the application
                        } else if (!buildAhead) {
                            application.start();
                        }
                    } catch (IOException e) {
                        stderr.println("img2img: stdin could not be read: " + e.getMessage());
                        outcome.complete(0); // as the SDK ends a session whose input fails
                    }
                },
                "img2img-mcp-handshake");
        front.setDaemon(true); // a client that never writes again does not keep a failed start alive
        front.start();
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            return 1;
        }
    }
}
