package io.img2img.bootstrap;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;

/** {@code img2img cds-warmup}: what the launcher runs once to build its class-data cache. */
final class StartupCacheWarmUp {
    private StartupCacheWarmUp() {}

    /**
     * The launcher's start-up cache run: one scripted stdio MCP session on the local backend as a client opens
     * it (initialize, the lists the handshake answers) and a first dry-run tool call, which the application
     * answers once built; so the classes of both, and the profile of the handshake, are in the cache. Its
     * output is thrown away.
     */
    static int run(PrintStream stderr) {
        try {
            String frames = """
                    {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"warmup","version":"1"}}}
                    {"jsonrpc":"2.0","method":"notifications/initialized"}
                    {"jsonrpc":"2.0","id":2,"method":"tools/list"}
                    {"jsonrpc":"2.0","id":3,"method":"resources/templates/list"}
                    {"jsonrpc":"2.0","id":4,"method":"ping"}
                    {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"post-img2img-inferences","arguments":{"modelId":"model_warmup","prompt":"a lighthouse at dusk","image":"IMAGE","numSamples":1,"width":128,"height":128,"dryRun":true}}}
                    """.replace(
                    "IMAGE", "data:image/png;base64," + Base64.getEncoder().encodeToString(png()));
            java.nio.file.Path dir = Files.createTempDirectory("img2img-warmup");
            // a ledger of its own: a dry run never opens it, but never ~/.img2img either way
            Map<String, String> env = Map.of(
                    "IMG2IMG_BACKEND",
                    "local",
                    "IMG2IMG_OUTPUT_DIR",
                    dir.toString(),
                    "IMG2IMG_DATABASE_URL",
                    "jdbc:sqlite:" + dir.resolve("warmup.db"));
            InputStream in = new java.io.ByteArrayInputStream(frames.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Main.run(
                    new String[] {"mcp"}, env, in, new PrintStream(java.io.OutputStream.nullOutputStream()), stderr);
        } catch (IOException e) {
            stderr.println("img2img: warm-up failed: " + e.getMessage());
            return 1;
        }
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 0x40);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
