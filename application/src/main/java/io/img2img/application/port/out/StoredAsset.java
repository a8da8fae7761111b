package io.img2img.application.port.out;

/** A saved image. {@code path} is where it lives on disk (absolute), or {@code null} for a store without files. */
public record StoredAsset(String assetId, String mimeType, int width, int height, long sizeBytes, String path) {}
