package io.img2img.adapter.http;

import java.util.Map;

/**
 * Files the server sends as they are, handed in by whoever assembles the server (bootstrap mounts the
 * playground this way, so neither adapter knows the other). Open without the token on {@code GET}
 * (SPEC §8); every answer carries {@code headers}.
 *
 * @param files   URL path ({@code /} or {@code /playground/…}) → the file served there
 * @param headers sent with every one of them (the page's Content-Security-Policy, framing rules, …)
 */
public record StaticSite(Map<String, File> files, Map<String, String> headers) {
    /** A server without pages. */
    public static final StaticSite NONE = new StaticSite(Map.of(), Map.of());

    public StaticSite {
        files = Map.copyOf(files);
        headers = Map.copyOf(headers);
    }

    /**
     * @param contentType the full {@code Content-Type} value
     * @param body        its bytes (never changed once handed over)
     */
    public record File(String contentType, byte[] body) {}
}
