package io.img2img.domain.result;

/**
 * An image a job produced, saved by this server.
 *
 * @param remoteUrl where the backend serves it (Scenario's signed URL), or {@code null}
 * @param path      the absolute path of the saved file, or {@code null}
 */
public record ProducedImage(String assetId, String remoteUrl, String mimeType, int width, int height, String path) {}
