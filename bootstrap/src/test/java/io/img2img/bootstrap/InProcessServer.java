package io.img2img.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.img2img.adapter.http.HttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code img2img serve} wired by {@link Main#modules} in the test's JVM, on an ephemeral port, with a ledger of
 * its own: the local backend, or Scenario at a stand-in's URL.
 */
final class InProcessServer implements AutoCloseable {
    private final HttpServer server;
    /** The server's object graph, for a test that reaches a part directly (the ledger, say). */
    final Injector injector;

    final String base;

    private InProcessServer(String ledgerUrl, List<String> arguments, Map<String, String> env)
            throws ConfigurationException {
        List<String> all = new ArrayList<>(List.of("--port", "0", "--database-url", ledgerUrl));
        all.addAll(arguments);
        injector = Guice.createInjector(Main.modules(Settings.parse("serve", all, env)));
        server = injector.getInstance(HttpServer.class);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    static InProcessServer local(Path outputs, String... flags) throws ConfigurationException {
        List<String> arguments = new ArrayList<>(List.of("--backend", "local", "--output-dir", outputs.toString()));
        arguments.addAll(List.of(flags));
        return new InProcessServer(TempLedger.url(), arguments, Map.of());
    }

    /** On the local backend with these environment settings (a token). */
    static InProcessServer local(Path outputs, Map<String, String> env) throws ConfigurationException {
        return new InProcessServer(
                TempLedger.url(), List.of("--backend", "local", "--output-dir", outputs.toString()), env);
    }

    /** On Scenario at {@code apiUrl} (a MockWebServer's {@code /v1}), with throw-away credentials. */
    static InProcessServer scenario(Path outputs, String apiUrl) throws ConfigurationException {
        return scenario(outputs, apiUrl, TempLedger.url(), Map.of());
    }

    /** The same on a given ledger (a restart reads what the last server wrote), with more settings. */
    static InProcessServer scenario(Path outputs, String apiUrl, String ledgerUrl, Map<String, String> settings)
            throws ConfigurationException {
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.putAll(Map.of("SCENARIO_API_KEY", "k", "SCENARIO_API_SECRET", "s"));
        return new InProcessServer(
                ledgerUrl, List.of("--output-dir", outputs.toString(), "--scenario-api-url", apiUrl), env);
    }

    int port() {
        return server.port();
    }

    /** What the server answers ({@link HttpServer#routes()}). */
    List<String> routes() {
        return server.routes();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(5));
    }
}
