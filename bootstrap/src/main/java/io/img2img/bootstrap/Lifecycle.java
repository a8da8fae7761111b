package io.img2img.bootstrap;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.img2img.adapter.http.HttpServer;
import io.img2img.adapter.ledger.LazyLedger;
import io.img2img.adapter.mcp.McpStdioServer;
import io.img2img.adapter.mcp.SessionHandoff;
import io.img2img.application.job.JobEngine;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.webhook.WebhookDeliverer;
import java.io.PrintStream;
import java.time.Duration;

/**
 * How {@code serve} and {@code mcp} start and stop around the job ledger (SPEC §10): {@code serve} opens it at
 * start, {@code mcp} at its first use; a stop releases the jobs this process holds so another takes over at once.
 */
final class Lifecycle {
    private Lifecycle() {}

    static int serve(Injector injector, Settings settings, PrintStream stderr) {
        HttpServer server = injector.getInstance(HttpServer.class);
        JobEngine keeper = injector.getInstance(JobEngine.class);
        keeper.start(); // takes over at once the work whose holder died
        server.start();
        webhooks(injector).ifPresent(WebhookDeliverer::start); // sends what the outbox holds, whoever wrote it
        stderr.println("img2img: listening on http://" + settings.host() + ":" + server.port()
                + " (REST /v1/generate/img2img, MCP /mcp, docs /docs)");
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stderr.println("img2img: stopping; in-flight calls get up to "
                                    + settings.stopGrace().toSeconds() + " s to finish");
                            keeper.stopClaiming(); // during the drain no new work is claimed: it waits for the other
                            // processes
                            server.stop(settings.stopGrace());
                            stop(injector, settings.stopGrace());
                        },
                        "img2img-shutdown"));
        return 0;
    }

    /** Serves the stdio session that the handshake hands over (see {@link StdioSession}). */
    static int mcp(Injector injector, Settings settings, SessionHandoff session, PrintStream stdout)
            throws InterruptedException {
        injector.getInstance(McpStdioServer.class).run(session, stdout);
        stop(injector, settings.stopGrace()); // the end of the session is a stop too
        return 0;
    }

    private static java.util.Optional<WebhookDeliverer> webhooks(Injector injector) {
        return injector.getInstance(Key.get(new TypeLiteral<java.util.Optional<WebhookDeliverer>>() {}));
    }

    /** {@code grace}: how long a generation POST whose answer is due is waited for (IMG2IMG_STOP_GRACE_SECONDS). */
    private static void stop(Injector injector, Duration grace) {
        webhooks(injector).ifPresent(WebhookDeliverer::stop);
        injector.getInstance(JobEngine.class).stop(grace);
        injector.getInstance(ImageBackend.class).close();
        injector.getInstance(LazyLedger.class).close();
    }
}
