package io.img2img.adapter.playground;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP server serves for the playground (SPEC §11): {@code GET /} is the page, {@code GET
 * /playground/*} its files, all open without the token (SPEC §8) and all sent with
 * {@link #SECURITY_HEADERS}. The files are listed here rather than discovered so that a jar never
 * serves more than was reviewed; a test checks the list against the folder and every reference in it.
 */
public final class Playground {
    /** The page itself. */
    public static final String ENTRY_PATH = "/";
    /** Every other file lives below this URL prefix (and this classpath folder). */
    public static final String PREFIX = "/playground/";

    /**
     * No inline script or style, nothing from another origin, images also from the blob: URLs the page makes
     * of fetched assets; never framed (no click-jacking of a Generate button that spends Creative Units).
     */
    public static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' blob: data:",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'");

    /** For {@code /}, {@code /playground/*} and {@code /docs}. */
    public static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Opener-Policy", "same-origin",
            // the files change with the jar, not with a URL: revalidate rather than run a stale page
            "Cache-Control", "no-cache");

    static final List<String> FILES = List.of(
            "index.html",
            "playground.css",
            "js/app.js",
            "js/api.js",
            "js/events.js",
            "js/schema-form.js",
            "js/reference.js",
            "js/gallery.js",
            "js/history.js",
            "js/dom.js");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8");

    private final Map<String, PlaygroundFile> byUrlPath;

    private Playground(Map<String, PlaygroundFile> byUrlPath) {
        this.byUrlPath = byUrlPath;
    }

    /** Reads every file from the classpath; a missing one is a broken build, so it throws. */
    public static Playground load() {
        Map<String, PlaygroundFile> files = new LinkedHashMap<>();
        for (String name : FILES) {
            PlaygroundFile file = new PlaygroundFile(PREFIX + name, contentType(name), read(name));
            files.put(file.urlPath(), file);
        }
        files.put(ENTRY_PATH, new PlaygroundFile(ENTRY_PATH, contentType("index.html"), read("index.html")));
        return new Playground(Map.copyOf(files));
    }

    /** The file served at {@code urlPath} ({@code /} or {@code /playground/…}), if any. */
    public Optional<PlaygroundFile> find(String urlPath) {
        return Optional.ofNullable(byUrlPath.get(urlPath));
    }

    /** Every URL path served, {@code /} included. */
    public List<String> urlPaths() {
        return byUrlPath.keySet().stream().sorted().toList();
    }

    static String contentType(String name) {
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) {
            throw new IllegalArgumentException("no content type for " + name);
        }
        return type;
    }

    private static byte[] read(String name) {
        try (InputStream in = Playground.class.getResourceAsStream("/playground/" + name)) {
            if (in == null) {
                throw new IllegalStateException("playground file missing from the jar: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read playground file " + name, e);
        }
    }
}
