package io.img2img.application.port.out;

/** A produced asset as the backend describes it. {@code remoteUrl} is {@code null} for the local backend. */
public record RemoteAsset(String assetId, String remoteUrl, String mimeType) {}
