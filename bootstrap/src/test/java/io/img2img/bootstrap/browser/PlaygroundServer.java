package io.img2img.bootstrap.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code img2img serve} from the fat jar on the local backend, on a free port, with the ledger and the output
 * folder in {@code home} (so a second start on the same home is a restart that keeps the history). Its
 * address is read from the line it logs once it listens.
 */
final class PlaygroundServer implements AutoCloseable {
    private static final Path JAR =
            Path.of(System.getProperty("img2img.jar", "target/img2img.jar")).toAbsolutePath();
    private static final Pattern LISTENING = Pattern.compile("HTTP server on (http://\\S+)");

    final String base;
    private final Process process;
    private final StringBuffer log;

    private PlaygroundServer(Process process, String base, StringBuffer log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    static PlaygroundServer start(Path home, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "serve",
                "--port",
                "0"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("IMG2IMG_") || k.startsWith("SCENARIO_"));
        pb.environment().put("IMG2IMG_BACKEND", "local");
        pb.environment().put("IMG2IMG_OUTPUT_DIR", home.resolve("out").toString());
        pb.environment().put("IMG2IMG_DATABASE_URL", "jdbc:sqlite:" + home.resolve("img2img.db"));
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            log.append(line).append('\n');
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                address.complete(m.group(1));
                            }
                        }
                    } catch (IOException e) {
                        address.completeExceptionally(e);
                    }
                    address.completeExceptionally(
                            new IllegalStateException("the server ended before listening:\n" + log));
                },
                "img2img-serve-log");
        reader.setDaemon(true);
        reader.start();
        try {
            return new PlaygroundServer(process, address.get(60, TimeUnit.SECONDS), log);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not start:\n" + log, e);
        }
    }

    /** Its REST API, called by the test directly; {@code token} may be {@code null}. */
    ServerApi api(String token) {
        return new ServerApi(base, token);
    }

    /** What it wrote to stderr so far. */
    String log() {
        return log.toString();
    }

    /** A graceful stop (SIGTERM), as a person's Ctrl-C. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
