package io.img2img.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Map;

/** {@code img2img cds-warmup}: what the launcher runs once to build its class-data cache. */
final class StartupCacheWarmUp {
    private StartupCacheWarmUp() {
    }

    /**
     * The launcher's start-up cache run: one scripted stdio MCP session (initialize, tools/list) on
     * the local backend, so the classes of that path are archived. Its output is thrown away.
     */
    static int run(PrintStream stderr) {
        String frames = """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"warmup","version":"1"}}}
                {"jsonrpc":"2.0","method":"notifications/initialized"}
                {"jsonrpc":"2.0","id":2,"method":"tools/list"}
                {"jsonrpc":"2.0","id":3,"method":"resources/templates/list"}
                """;
        try {
            java.nio.file.Path dir = Files.createTempDirectory("img2img-warmup");
            // a ledger of its own too: the session never opens it (tools/list only), but never ~/.img2img either way
            Map<String, String> env = Map.of("IMG2IMG_BACKEND", "local", "IMG2IMG_OUTPUT_DIR", dir.toString(),
                    "IMG2IMG_DATABASE_URL", "jdbc:sqlite:" + dir.resolve("warmup.db"));
            InputStream in = new java.io.ByteArrayInputStream(frames.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Main.run(new String[]{"mcp"}, env, in, new PrintStream(java.io.OutputStream.nullOutputStream()), stderr);
        } catch (IOException e) {
            stderr.println("img2img: warm-up failed: " + e.getMessage());
            return 1;
        }
    }
}
