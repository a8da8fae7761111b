package io.img2img.adapter.mcp;

import io.img2img.application.port.in.PreviewImages;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.ProducedImage;
import io.img2img.domain.result.ResultJson;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A result as an MCP tool result: a short text summary, the images inline within the budget, resource
 * links to the full images and the SPEC §4 result as structuredContent. The whole result stays under
 * 1 MiB, the most Claude Desktop accepts, whatever the configured inline budget.
 */
final class ResultContent {
    static final long MAX_RESULT_BYTES = 1024 * 1024;
    /** The JSON-RPC envelope, the wrappers of each image and a longer summary text than the one measured. */
    private static final long MARGIN = 16 * 1024;

    private static final long MARGIN_PER_IMAGE = 256;

    private final PreviewImages previews;
    private final McpJsonMapper json;
    private final long inlineBytes;

    ResultContent(PreviewImages previews, McpJsonMapper json, long inlineBytes) {
        this.previews = previews;
        this.json = json;
        this.inlineBytes = inlineBytes;
    }

    static String uri(ProducedImage image) {
        return ToolDefinitions.ASSET_URI_PREFIX + image.assetId();
    }

    CallToolResult render(Img2ImgResult result) {
        Map<String, Object> structured = ResultJson.toMap(result, ResultContent::uri);
        if (result.isError()) {
            return CallToolResult.builder()
                    .isError(true)
                    .addTextContent(ResultText.error(result))
                    .structuredContent(structured)
                    .build();
        }
        List<McpSchema.Content> links = result.images().stream()
                .<McpSchema.Content>map(ResultContent::link)
                .toList();
        long rest = size(CallToolResult.builder()
                .addTextContent(ResultText.summary(result, PreviewImages.Mode.NONE))
                .content(withAll(List.of(), links))
                .structuredContent(structured)
                .build());
        long budget = Math.min(
                inlineBytes,
                MAX_RESULT_BYTES
                        - rest
                        - MARGIN
                        - MARGIN_PER_IMAGE * result.images().size());
        PreviewImages.Previews inlined = previews.within(result.images(), budget);
        List<McpSchema.Content> content = new ArrayList<>();
        content.add(new McpSchema.TextContent(ResultText.summary(result, inlined.mode())));
        for (PreviewImages.Inline image : inlined.images()) {
            content.add(new McpSchema.ImageContent(
                    null, Base64.getEncoder().encodeToString(image.bytes()), image.mimeType()));
        }
        content.addAll(links);
        return CallToolResult.builder()
                .content(content)
                .isError(false)
                .structuredContent(structured)
                .build();
    }

    private static List<McpSchema.Content> withAll(List<McpSchema.Content> first, List<McpSchema.Content> then) {
        List<McpSchema.Content> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    private long size(CallToolResult result) {
        try {
            return json.writeValueAsString(result).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a tool result", e);
        }
    }

    private static McpSchema.ResourceLink link(ProducedImage image) {
        return McpSchema.ResourceLink.builder()
                .name(image.assetId())
                .title("img2img image " + image.width() + "x" + image.height())
                .uri(uri(image))
                .mimeType(image.mimeType())
                .description("The full-size image (" + image.width() + "x" + image.height() + ")"
                        + (image.path() == null ? "" : ", saved at " + image.path()))
                .build();
    }
}
