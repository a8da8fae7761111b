package io.img2img.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.Module;
import com.google.inject.Stage;
import io.img2img.adapter.imageio.ImageIoModule;
import io.img2img.adapter.local.LocalBackendModule;
import io.img2img.adapter.mcp.McpModule;
import io.img2img.adapter.rest.RestModule;
import io.img2img.adapter.scenario.ScenarioBackendModule;
import io.img2img.adapter.storage.StorageModule;
import io.img2img.adapter.storage.ledger.LazyLedger;
import io.img2img.application.LedgerJobs;
import io.img2img.domain.result.Backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code img2img mcp | serve | prune | --help | --version}. In {@code mcp} mode stdout carries only MCP
 * frames: the real stdout goes to the transport and {@code System.out} is pointed at stderr before
 * anything else runs.
 */
public final class Main {
    static final int EXIT_USAGE = 2;

    private static final String GUICE_BYTECODE = "guice_bytecode_gen_option";

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty(GUICE_BYTECODE) == null) {
            // Guice then calls provider methods by reflection instead of generating a class per module
            // with ASM: each runs once here, and a stdio start is ~15 ms shorter
            System.setProperty(GUICE_BYTECODE, "DISABLED");
        }
        PrintStream stdout = System.out;
        if (args.length > 0 && args[0].equals("mcp")) {
            System.setOut(System.err); // nothing but protocol frames may reach the real stdout
        }
        int code = run(args, System.getenv(), System.in, stdout, System.err);
        if (code != 0 || !(args.length > 0 && args[0].equals("serve"))) {
            System.exit(code);
        }
    }

    static int run(String[] args, Map<String, String> env, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        if (rest.isEmpty() || rest.contains("--help") || rest.contains("-h") || rest.get(0).equals("help")) {
            (rest.isEmpty() ? stderr : stdout).print(Help.text(version()));
            return rest.isEmpty() ? EXIT_USAGE : 0;
        }
        if (rest.contains("--version")) {
            stdout.println("img2img " + version());
            return 0;
        }
        String command = rest.remove(0);
        if (command.equals("cds-warmup")) {
            return StartupCacheWarmUp.run(stderr);
        }
        if (!List.of("mcp", "serve", "prune").contains(command)) {
            stderr.println("img2img: unknown command \"" + command + "\"; use mcp, serve or prune (see --help)");
            return EXIT_USAGE;
        }
        Settings settings;
        try {
            settings = Settings.parse(command, rest, env);
            if (command.equals("serve")) {
                settings.httpSettings(); // refuses a non-loopback host without a token before anything starts
            }
            Files.createDirectories(settings.outputDir());
        } catch (ConfigurationException | IllegalArgumentException e) {
            stderr.println("img2img: " + e.getMessage());
            return EXIT_USAGE;
        } catch (IOException e) {
            stderr.println("img2img: IMG2IMG_OUTPUT_DIR cannot be created: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (!command.equals("prune")) {
            stderr.println("img2img " + version() + ": backend " + settings.describeBackend());
        }
        Injector injector = Guice.createInjector(Stage.DEVELOPMENT, modules(settings));
        try {
            if (command.equals("prune")) {
                return Pruning.run(injector.getInstance(LedgerJobs.class).keeper(), injector.getInstance(LazyLedger.class),
                        stderr);
            }
            return command.equals("mcp") ? Lifecycle.mcp(injector, stdin, stdout) : Lifecycle.serve(injector, settings, stderr);
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
        modules.add(new CoreModule(s.servicePolicy(), s.ledgerPolicy(), s.backend(), version()));
        modules.add(new ImageIoModule());
        modules.add(new StorageModule(s.outputDir(), s.ledgerSettings()));
        modules.add(s.backend() == Backend.SCENARIO
                ? new ScenarioBackendModule(s.scenarioSettings())
                : new LocalBackendModule());
        modules.add(new McpModule(s.mcpSettings()));
        if (s.command().equals("serve")) {
            modules.add(new RestModule(s.httpSettings(), PlaygroundSite.load()));
        }
        return modules;
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/img2img-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
