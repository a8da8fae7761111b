package io.img2img.adapter.rest;

import java.util.List;

/**
 * The HTTP server's settings.
 *
 * @param apiToken  the bearer token every route but /health, /openapi.json and /docs needs; {@code null} = none
 * @param publicUrl base of absolute asset URLs; {@code null} = http://{host}:{bound port}
 */
public record HttpSettings(String host, int port, String apiToken, List<String> allowedOrigins, String publicUrl,
                           long maxBodyBytes) {

    public HttpSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        if (!isLoopback(host) && apiToken == null) {
            throw new IllegalArgumentException("IMG2IMG_HOST=" + host + " is not a loopback address: set "
                    + "IMG2IMG_API_TOKEN so that nobody else on the network can spend your credits");
        }
    }

    /** Only this machine can reach the address: the one loopback rule (the token and Origin checks rely on it). */
    public static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("::1") || host.equals("[::1]") || host.startsWith("127.");
    }

    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", apiToken=" + (apiToken == null ? "unset" : "(set)")
                + ", allowedOrigins=" + allowedOrigins + ", publicUrl=" + publicUrl + ", maxBodyBytes=" + maxBodyBytes + "]";
    }
}
