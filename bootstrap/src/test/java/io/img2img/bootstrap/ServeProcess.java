package io.img2img.bootstrap;

import io.img2img.application.testkit.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code img2img serve --port 0} from the fat jar as its own JVM (no shell in between, so {@link #kill()} is a
 * SIGKILL of the JVM itself and {@link #terminate()} a SIGTERM to it), on a ledger file and output folder of
 * the test's choosing. Its stderr is kept line by line; the port is read from its "listening on" line.
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://[^ ]+)");

    final Process process;
    final List<String> stderr = new CopyOnWriteArrayList<>();
    final String base;

    private ServeProcess(Process process, Duration startTimeout) throws Exception {
        this.process = process;
        Thread reader = new Thread(this::readStderr, "stderr-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        Optional<String> url = Await.until(this::listeningUrl, u -> u.isPresent() || !process.isAlive(), startTimeout);
        if (url.isEmpty()) {
            process.destroyForcibly();
            throw new AssertionError("serve did not start; stderr:\n" + stderrText());
        }
        base = url.get();
    }

    /** The environment of one ledger file and one output folder in {@code dir}, plus the given pairs. */
    static Map<String, String> env(Path dir, String... pairs) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("IMG2IMG_DATABASE_URL", "jdbc:sqlite:" + dir.resolve("ledger.db"));
        env.put("IMG2IMG_OUTPUT_DIR", dir.resolve("outputs").toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    static ServeProcess start(Map<String, String> env, String... args) throws Exception {
        return start(Processes.java(), env, args);
    }

    /** Starts {@code serve} with the given command prefix (the java command, possibly wrapped). */
    static ServeProcess start(List<String> javaCommand, Map<String, String> env, String... args) throws Exception {
        return start(javaCommand, env, Duration.ofSeconds(60), args);
    }

    /** As above, waiting up to {@code startTimeout} for it to listen (a first start that makes a cache). */
    static ServeProcess start(List<String> javaCommand, Map<String, String> env, Duration startTimeout, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(javaCommand);
        command.addAll(List.of("serve", "--port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("IMG2IMG_") || k.startsWith("SCENARIO_"));
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return new ServeProcess(pb.start(), startTimeout);
    }

    private Optional<String> listeningUrl() {
        for (String line : stderr) {
            Matcher m = LISTENING.matcher(line.replace("\\/", "/")); // IMG2IMG_LOG_FORMAT=json escapes a slash
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private void readStderr() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                stderr.add(line);
            }
        } catch (IOException e) {
            stderr.add("(stderr unreadable: " + e + ")");
        }
    }

    String url(String path) {
        return base + path;
    }

    String stderrText() {
        return String.join("\n", stderr);
    }

    /** SIGKILL: the JVM gets no chance to release anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("serve " + process.pid() + " survived SIGKILL");
        }
    }

    /** SIGTERM: the clean stop; does not wait for it. */
    void terminate() {
        process.destroy();
    }

    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
