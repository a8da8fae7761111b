package io.img2img.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the fat jar (or the launcher) as a real process and collects what it printed. */
final class Processes {
    static final Path JAR =
            Path.of(System.getProperty("img2img.jar", "target/img2img.jar")).toAbsolutePath();
    static final Path ROOT =
            Path.of(System.getProperty("img2img.root", "..")).toAbsolutePath().normalize();

    record Outcome(int exitCode, String stdout, String stderr) {}

    static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:disable",
                "-Xlog:all=warning:stderr",
                "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    static Outcome run(List<String> command, Map<String, String> env, String stdin, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("IMG2IMG_") || k.startsWith("SCENARIO_"));
        pb.environment().putAll(TempLedger.with(env)); // a ledger of its own unless the test names one
        Process p = pb.start();
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\nstderr: " + err.getNow(""));
        }
        return new Outcome(p.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
