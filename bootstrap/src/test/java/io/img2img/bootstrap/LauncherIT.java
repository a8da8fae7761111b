package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher on a fresh copy of the sources: its first run builds the jar with all build output
 * on stderr, and in MCP mode stdout carries nothing but JSON-RPC frames.
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
            assertThat(caches.toList()).hasSize(1);
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
