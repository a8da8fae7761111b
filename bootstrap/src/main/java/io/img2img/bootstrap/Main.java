package io.img2img.bootstrap;

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
    /** Whether a run in this JVM switched the logs to JSON (tests start several servers in one JVM). */
    private static volatile boolean jsonLogsSwitchedOn;

    static final int EXIT_USAGE = 2;

    private static final String GUICE_BYTECODE = "guice_bytecode_gen_option";

    private Main() {}

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
        if (rest.isEmpty()
                || rest.contains("--help")
                || rest.contains("-h")
                || rest.get(0).equals("help")) {
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
        // text is Logback's own set-up: StderrLogging (a Logback class) stays unloaded, so a stdio handshake
        // loads no logging at all (McpHandshakeIT); json, or text again after json in one JVM, switches it
        boolean switchLogs = settings.logFormat() == StderrLogging.Format.JSON || jsonLogsSwitchedOn;
        if (switchLogs) {
            jsonLogsSwitchedOn = settings.logFormat() == StderrLogging.Format.JSON;
            StderrLogging.use(settings.logFormat());
        }
        PrintStream console = switchLogs ? StderrLogging.consoleLines(stderr, settings.logFormat()) : stderr;
        if (!command.equals("prune")) {
            console.println("img2img " + version() + ": backend " + settings.describeBackend());
        }
        if (command.equals("mcp")) {
            try {
                return StdioSession.run(settings, stdin, stdout, console);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        return ApplicationGraph.run(
                settings,
                console,
                command.equals("prune")
                        ? injector -> Pruning.run(injector, console)
                        : injector -> Lifecycle.serve(injector, settings, console));
    }

    /** The application's modules for these settings (tests build graphs of their own from them). */
    static List<com.google.inject.Module> modules(Settings s) {
        return ApplicationGraph.modules(s);
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
