package io.img2img.adapter.mcp;

import io.img2img.application.port.in.AssetContent;
import io.img2img.application.port.in.ReadAsset;
import io.img2img.domain.id.Ids;
import io.img2img.domain.request.ImageReference;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code resources/read} of {@code img2img://assets/{assetId}}: the full image from the asset store. */
final class AssetResources {
    private static final Logger LOG = LoggerFactory.getLogger(AssetResources.class);

    private final ReadAsset assets;

    AssetResources(ReadAsset assets) {
        this.assets = assets;
    }

    SyncResourceTemplateSpecification specification() {
        return new SyncResourceTemplateSpecification(ToolDefinitions.assetTemplate(), this::read);
    }

    McpSchema.ReadResourceResult read(McpSyncServerExchange exchange, McpSchema.ReadResourceRequest request) {
        String uri = request.uri();
        String assetId = uri.startsWith(ToolDefinitions.ASSET_URI_PREFIX)
                ? uri.substring(ToolDefinitions.ASSET_URI_PREFIX.length())
                : "";
        // checked before the id reaches any file system: no path traversal
        if (!ImageReference.isAssetId(assetId)) {
            throw notFound(
                    uri,
                    "is not an img2img asset URI (" + ToolDefinitions.ASSET_URI_TEMPLATE + " with an asset id "
                            + Ids.ASSET_ID_PREFIX + "...)");
        }
        String mimeType;
        byte[] bytes;
        try {
            Optional<AssetContent> asset = assets.read(assetId);
            if (asset.isEmpty()) {
                throw notFound(uri, "names no image this server produced");
            }
            mimeType = asset.get().mimeType();
            try (InputStream stream = asset.get().content()) {
                bytes = stream.readAllBytes();
            }
        } catch (IOException e) {
            LOG.warn("cannot read asset {}: {}", assetId, e.getMessage());
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                    .message("asset " + assetId + " cannot be read")
                    .build();
        }
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.BlobResourceContents(
                uri, mimeType, Base64.getEncoder().encodeToString(bytes))));
    }

    private static McpError notFound(String uri, String why) {
        String shown = uri.length() > 200 ? uri.substring(0, 200) + "…" : uri;
        return McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND)
                .message("resource " + shown + " " + why)
                .data(java.util.Map.of("uri", shown))
                .build();
    }
}
