package io.img2img.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import io.img2img.adapter.http.HttpModule;
import io.img2img.adapter.imageio.ImageIoModule;
import io.img2img.adapter.ledger.LedgerModule;
import io.img2img.adapter.local.LocalBackendModule;
import io.img2img.adapter.mcp.McpModule;
import io.img2img.adapter.rest.RestModule;
import io.img2img.adapter.scenario.ScenarioBackendModule;
import io.img2img.domain.result.Backend;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The application's object graph (Guice). Apart from {@link Main} so that what answers the stdio handshake
 * ({@link StdioSession}) never loads Guice or an adapter's module while it answers.
 */
final class ApplicationGraph {
    /** What a command does with the graph; returns its exit code. */
    interface Use {
        int with(Injector injector) throws InterruptedException;
    }

    private ApplicationGraph() {}

    /** Builds the graph and hands it to {@code use}; a failure is named on stderr (exit 1), never with Guice's report around it. */
    static int run(Settings settings, PrintStream stderr, Use use) {
        Injector injector = Guice.createInjector(Stage.DEVELOPMENT, modules(settings));
        try {
            return use.with(injector);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ProvisionException e) { // what could not be made, without Guice's report around it
            stderr.println("img2img: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            return 1;
        } catch (RuntimeException e) {
            stderr.println("img2img: " + e.getMessage());
            return 1;
        }
    }

    static List<Module> modules(Settings s) {
        List<Module> modules = new ArrayList<>();
        modules.add(new CoreModule(s.servicePolicy(), s.ledgerPolicy(), s.backend(), Main.version()));
        modules.add(new ImageIoModule());
        modules.add(
                s.command().equals("serve")
                        // the measured ledger in place of the plain one (issue #23)
                        ? Modules.override(new LedgerModule(s.ledgerSettings())).with(new MetricsModule.MeteredLedger())
                        : new LedgerModule(s.ledgerSettings()));
        modules.add(new WebhookWiring(s));
        modules.add(new AssetStoreChoice(s.outputDir()));
        modules.add(
                s.backend() == Backend.SCENARIO
                        ? new ScenarioBackendModule(s.scenarioSettings())
                        : new LocalBackendModule());
        modules.add(new McpModule(s.mcpSettings()));
        if (s.command().equals("serve")) {
            // one server; the REST API, the MCP transport (McpModule's servlet) and the playground are mounted on it
            modules.add(new HttpModule(s.httpSettings(), PlaygroundSite.load()));
            modules.add(new RestModule(s.httpSettings()));
            modules.add(
                    new MetricsModule(s.backend().wireName(), s.servicePolicy().maxConcurrentJobs()));
        }
        return modules;
    }
}
