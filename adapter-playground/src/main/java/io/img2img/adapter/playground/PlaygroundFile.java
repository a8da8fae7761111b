package io.img2img.adapter.playground;

import java.util.Arrays;

/**
 * One file of the playground as the HTTP server sends it.
 *
 * @param urlPath     where it is served, e.g. {@code /playground/js/app.js}
 * @param contentType the full {@code Content-Type} value, charset included for text
 * @param body        its bytes, read once from the jar
 */
public record PlaygroundFile(String urlPath, String contentType, byte[] body) {
    public PlaygroundFile {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlaygroundFile f
                && f.urlPath.equals(urlPath)
                && f.contentType.equals(contentType)
                && Arrays.equals(f.body, body);
    }

    @Override
    public int hashCode() {
        return urlPath.hashCode();
    }

    @Override
    public String toString() {
        return urlPath + " (" + contentType + ", " + body.length + " bytes)";
    }
}
