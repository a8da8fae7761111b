package io.img2img.bootstrap.browser;

import io.img2img.bootstrap.browser.Browser.ColourScheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The set-up the playground's tests share: the fat jar serving on {@code home}, a light desktop browser whose
 * downloads land in {@code home/downloads}, and the page driven in it. Closing ends the browser, then the server.
 */
record PlaygroundSession(PlaygroundServer server, Browser browser, PlaygroundPage page, Path downloads)
        implements AutoCloseable {
    static final int WIDTH = 1280;
    static final int HEIGHT = 1000;

    static PlaygroundSession start(Path home, Map<String, String> env) throws IOException, InterruptedException {
        PlaygroundServer server = PlaygroundServer.start(home, env);
        try {
            Path downloads = Files.createDirectories(home.resolve("downloads"));
            Browser browser = Browser.open(WIDTH, HEIGHT, ColourScheme.LIGHT, downloads);
            return new PlaygroundSession(server, browser, new PlaygroundPage(browser, server.base), downloads);
        } catch (RuntimeException | Error e) { // a skipped test (no browser) aborts with an exception too
            server.close();
            throw e;
        }
    }

    /** The server's REST API, asked directly by the test. */
    ServerApi api() {
        return server.api(null);
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            server.close();
        }
    }
}
