package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher on a fresh copy of the sources: its first run builds the jar (without Error Prone, which is
 * {@code mvn verify}'s) with all build output on stderr, and in MCP mode stdout carries nothing but JSON-RPC frames.
 */
class LauncherIT {
    @TempDir
    Path copy;

    @Test
    void firstRunBuildsAndWritesNothingButFramesToStdout() throws Exception {
        copySources(copy);
        assertThat(copy.resolve("bootstrap/target/img2img.jar")).doesNotExist();
        String frames = """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"it","version":"1"}}}
                {"jsonrpc":"2.0","method":"notifications/initialized"}
                {"jsonrpc":"2.0","id":2,"method":"tools/list"}
                """;
        Processes.Outcome o = Processes.run(
                List.of(copy.resolve("img2img").toString(), "mcp"),
                Map.of("IMG2IMG_OUTPUT_DIR", copy.resolve("out").toString(), "IMG2IMG_BACKEND", "local"),
                frames,
                600);
        assertThat(o.stderr()).contains("building").contains("backend local");
        assertThat(o.stderr().lines())
                .as("the first run's build says nothing a newcomer reads as an error")
                .noneSatisfy(line -> assertThat(line).containsAnyOf("SLF4J", "WARNING", "[warning]", "ERROR"));
        assertThat(copy.resolve("bootstrap/target/img2img.jar")).exists();
        List<String> lines = o.stdout().lines().toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{\"jsonrpc\":\"2.0\""));
        assertThat(o.stdout()).contains("post-img2img-inferences");

        // the second run uses the start-up cache made by the first, and still prints only frames
        Processes.Outcome again = Processes.run(
                List.of(copy.resolve("img2img").toString(), "mcp"),
                Map.of("IMG2IMG_OUTPUT_DIR", copy.resolve("out").toString(), "IMG2IMG_BACKEND", "local"),
                frames,
                120);
        assertThat(again.stderr()).doesNotContain("building");
        assertThat(again.stdout().lines().toList())
                .allSatisfy(line -> assertThat(line).startsWith("{\"jsonrpc\""));
        try (var caches = Files.list(copy.resolve("bootstrap/target/startup-cache"))) {
            assertThat(caches.filter(f -> !f.toString().endsWith(".log")).toList())
                    .hasSize(1);
        }
    }

    /**
     * The first {@code serve} (issue 23: a first start that says only what it does): the launcher makes its start-up
     * cache quietly (the JVM's notes go to the cache's log file) and the SQLite driver's native access is allowed,
     * so stderr holds the launcher's line and the product's own lines, and no JVM warning; again with the cache
     * made. On a JDK 25 (its AOT cache) when one is installed, and on the Java 17 that runs the tests (AppCDS).
     */
    @Test
    void firstServeOnJdk25PrintsNoJvmWarning() throws Exception {
        Path jdk25 = jdk25().orElse(null);
        if (jdk25 == null) {
            // .ci/run installs no JDK 25 (the launcher's AOT cache is optional): skipped even under CI
            String reason = "no JDK 25 or later under /usr/lib/jvm (temurin-25*, jdk-25*, java-25-*)";
            System.err.println("SKIPPED: " + reason);
            org.junit.jupiter.api.Assumptions.abort(reason);
        }
        firstServeSaysOnlyWhatItDoes(jdk25, ".aot");
    }

    @Test
    void firstServeOnJava17PrintsNoJvmWarning() throws Exception {
        firstServeSaysOnlyWhatItDoes(Path.of(System.getProperty("java.home")), ".jsa");
    }

    private void firstServeSaysOnlyWhatItDoes(Path javaHome, String cacheKind) throws Exception {
        // the launcher and the built jar, alone: nothing newer than the jar, so the launcher builds nothing
        Path root = copy.resolve("root");
        Files.createDirectories(root.resolve("bootstrap/target"));
        Files.copy(Processes.ROOT.resolve("img2img"), root.resolve("img2img"));
        root.resolve("img2img").toFile().setExecutable(true);
        Files.createSymbolicLink(root.resolve("bootstrap/target/img2img.jar"), Processes.JAR);
        Path cacheDir = root.resolve("bootstrap/target/startup-cache");
        Map<String, String> env = new java.util.LinkedHashMap<>(ServeProcess.env(copy));
        env.put("IMG2IMG_JAVA", javaHome.resolve("bin/java").toString());
        env.put("JAVA_HOME", javaHome.toString()); // a JDK below 25 named by IMG2IMG_JAVA: the launcher's Java 17
        for (String start : List.of("first", "second")) {
            List<String> stderr;
            try (ServeProcess serve =
                    ServeProcess.start(List.of(root.resolve("img2img").toString()), env, Duration.ofSeconds(300))) {
                stderr = List.copyOf(serve.stderr);
            }
            assertThat(stderr)
                    .as(start + " start's stderr")
                    .isNotEmpty()
                    .noneSatisfy(line -> assertThat(line).containsAnyOf("[warning]", "WARNING:", "[error]"))
                    .allSatisfy(
                            line -> assertThat(line).matches("img2img.*|\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARN) .*"));
            try (var files = Files.list(cacheDir)) {
                assertThat(files.map(f -> f.getFileName().toString()).toList())
                        .as("the start-up cache and its log")
                        .anySatisfy(f -> assertThat(f).endsWith(cacheKind))
                        .anySatisfy(f -> assertThat(f).endsWith(".log"));
            }
        }
    }

    /** A JDK 25 or later where the launcher looks for one. */
    private static java.util.Optional<Path> jdk25() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return java.util.Optional.empty();
        }
        try (var all = Files.list(jvms)) {
            return all.filter(d -> d.getFileName().toString().matches("(temurin-|jdk-|java-)2[5-9].*"))
                    .filter(d -> Files.isExecutable(d.resolve("bin/java")))
                    .sorted()
                    .findFirst();
        }
    }

    /** The tracked sources (git ls-files), as a fresh clone would have them. */
    private static void copySources(Path target) throws IOException, InterruptedException {
        Process ls = new ProcessBuilder("git", "ls-files", "-co", "--exclude-standard")
                .directory(Processes.ROOT.toFile())
                .start();
        List<String> files =
                new String(ls.getInputStream().readAllBytes()).lines().toList();
        assertThat(ls.waitFor()).isZero();
        for (String f : files) {
            Path from = Processes.ROOT.resolve(f);
            if (!Files.isRegularFile(from) || f.contains("/target/")) {
                continue;
            }
            Path to = target.resolve(f);
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
            if (Files.isExecutable(from)) {
                to.toFile().setExecutable(true);
            }
        }
    }
}
