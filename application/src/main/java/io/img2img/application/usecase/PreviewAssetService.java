package io.img2img.application.usecase;

import io.img2img.application.port.in.AssetContent;
import io.img2img.application.port.in.PreviewAsset;
import io.img2img.application.port.in.ReadAsset;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.Pixels;
import io.img2img.application.request.Transparency;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Thumbnails of stored assets: decoded, scaled to fit {@code maxSide}, encoded again in the same family. */
public final class PreviewAssetService implements PreviewAsset {
    private final ReadAsset assets;
    private final ImageCodec codec;

    public PreviewAssetService(AssetStore store, ImageCodec codec) {
        this.assets = new ReadAssetService(store);
        this.codec = codec;
    }

    @Override
    public Optional<AssetContent> preview(String assetId, int maxSide) throws IOException {
        if (maxSide < MIN_SIDE || maxSide > MAX_SIDE) {
            throw new IllegalArgumentException("maxSide must be " + SIDE_RULE + "; got " + maxSide);
        }
        Optional<AssetContent> asset = assets.read(assetId);
        if (asset.isEmpty()) {
            return asset;
        }
        byte[] bytes;
        try (InputStream in = asset.get().content()) {
            bytes = in.readAllBytes();
        }
        Pixels pixels;
        try {
            pixels = codec.decode(bytes);
        } catch (ImageCodec.InvalidImageException e) {
            throw new IOException("asset " + assetId + " cannot be decoded: " + e.getMessage());
        }
        int longer = Math.max(pixels.width(), pixels.height());
        if (longer <= maxSide) {
            return Optional.of(
                    new AssetContent(assetId, asset.get().mimeType(), bytes.length, new ByteArrayInputStream(bytes)));
        }
        double scale = (double) maxSide / longer;
        Pixels small = codec.resize(pixels, Math.max(1, (int) Math.round(pixels.width() * scale)), Math.max(1, (int)
                Math.round(pixels.height() * scale)));
        String type = "image/png".equals(asset.get().mimeType()) || Transparency.of(small) ? "image/png" : "image/jpeg";
        byte[] encoded = codec.encode(small, type);
        return Optional.of(new AssetContent(assetId, type, encoded.length, new ByteArrayInputStream(encoded)));
    }
}
