package io.img2img.adapter.scenario;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Scenario. {@link #toString()} never shows the key or the secret.
 *
 * @param callTimeout the bound on one whole HTTP call (connect, write, read)
 */
public record ScenarioSettings(
        URI baseUrl,
        String apiKey,
        String apiSecret,
        Duration connectTimeout,
        Duration readTimeout,
        Duration callTimeout) {

    public ScenarioSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiSecret, "apiSecret");
    }

    public static ScenarioSettings defaults(URI baseUrl, String apiKey, String apiSecret) {
        return new ScenarioSettings(
                baseUrl, apiKey, apiSecret, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(120));
    }

    /**
     * The backend identity of jobs sent with these settings (SPEC §10): the base URL and a short SHA-256 of the
     * key, so that only a process billing the same account claims or follows them; the key itself never shows.
     */
    public String identity() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(apiKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "scenario " + base() + " key-sha256:"
                    + java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base URL without a trailing slash: paths are appended to it. */
    String base() {
        return baseUrl.toString().replaceAll("/+$", "");
    }

    @Override
    public String toString() {
        return "ScenarioSettings[baseUrl=" + baseUrl + ", apiKey=(hidden), apiSecret=(hidden), connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + ", callTimeout=" + callTimeout + "]";
    }
}
