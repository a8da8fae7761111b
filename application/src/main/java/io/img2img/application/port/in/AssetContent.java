package io.img2img.application.port.in;

import java.io.InputStream;

/** An asset being read: {@code content} streams {@code sizeBytes} bytes of {@code mimeType}; the reader closes it. */
public record AssetContent(String assetId, String mimeType, long sizeBytes, InputStream content) {}
