package io.img2img.adapter.mcp;

import io.img2img.application.port.in.PreviewImages;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.text.Numbers;
import io.img2img.domain.result.ProducedImage;
import io.img2img.domain.result.ResultError;
import io.img2img.domain.result.ResultJson;
import io.img2img.domain.request.Violation;
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
            return CallToolResult.builder().isError(true).addTextContent(errorText(result)).structuredContent(structured)
                    .build();
        }
        List<McpSchema.Content> links = result.images().stream().<McpSchema.Content>map(ResultContent::link).toList();
        long rest = size(CallToolResult.builder().addTextContent(summary(result, PreviewImages.Mode.NONE))
                .content(withAll(List.of(), links)).structuredContent(structured).build());
        long budget = Math.min(inlineBytes,
                MAX_RESULT_BYTES - rest - MARGIN - MARGIN_PER_IMAGE * result.images().size());
        PreviewImages.Previews inlined = previews.within(result.images(), budget);
        List<McpSchema.Content> content = new ArrayList<>();
        content.add(new McpSchema.TextContent(summary(result, inlined.mode())));
        for (PreviewImages.Inline image : inlined.images()) {
            content.add(new McpSchema.ImageContent(null, Base64.getEncoder().encodeToString(image.bytes()), image.mimeType()));
        }
        content.addAll(links);
        return CallToolResult.builder().content(content).isError(false).structuredContent(structured).build();
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

    static String backendText(String backend) {
        return "local".equals(backend)
                ? "Backend: local, the offline procedural renderer (not an AI model; costs nothing)."
                : "Backend: " + backend + " (Scenario's cloud API).";
    }

    private static String summary(Img2ImgResult r, PreviewImages.Mode mode) {
        StringBuilder s = new StringBuilder(backendText(r.backend())).append('\n');
        if (r.dryRun()) {
            return s.append("Dry run: this request would cost ").append(cost(r)).append(" Creative Units. Nothing was ")
                    .append("generated; call again without dryRun to generate.").toString();
        }
        s.append("Status: ").append(r.status() == null ? "unknown" : r.status().wireName());
        if (r.jobId() != null) {
            s.append(". Job: ").append(r.jobId());
        }
        if (r.seed() != null) {
            s.append(". Seed: ").append(r.seed());
        }
        if (r.creativeUnitsCost() != null) {
            s.append(". Cost: ").append(cost(r)).append(" Creative Units");
        }
        s.append(".\n");
        if (r.inProgress()) {
            s.append("The job is still running (progress ").append(Math.round(100 * (r.progress() == null ? 0 : r.progress())))
                    .append("%) after the wait. It is not lost: call ").append(ToolDefinitions.GET_JOB)
                    .append(" with {\"jobId\": \"").append(r.jobId()).append("\"} to keep waiting and get its images.");
            return s.toString();
        }
        List<ProducedImage> images = r.images();
        s.append(images.size()).append(images.size() == 1 ? " image" : " images").append(switch (mode) {
            case FULL -> ", shown inline at full size";
            case PREVIEWS -> ", shown inline as downscaled JPEG previews (the full images are too large to inline); "
                    + "the full images are at the links below";
            case SOME_PREVIEWS -> "; downscaled JPEG previews of some are shown inline (the rest did not fit in one "
                    + "result); the full images are at the links below";
            case NONE -> images.isEmpty() ? "" : ", not inlined (too large for one result): read them with resources/read "
                    + "on the links below, or open the files";
        }).append(images.isEmpty() ? ".\n" : ":\n");
        for (int i = 0; i < images.size(); i++) {
            ProducedImage image = images.get(i);
            s.append(i + 1).append(". ").append(uri(image)).append(" (").append(image.mimeType()).append(", ")
                    .append(image.width()).append('x').append(image.height()).append(')');
            if (image.path() != null) {
                s.append(" saved at ").append(image.path());
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String errorText(Img2ImgResult r) {
        ResultError e = r.error();
        StringBuilder s = new StringBuilder("Error (").append(e.code().wireName()).append("): ");
        if (e.violations().isEmpty()) {
            s.append(e.message());
        } else {
            s.append(e.violations().size() == 1 ? "1 field is invalid:" : e.violations().size() + " fields are invalid:");
            for (Violation v : e.violations()) {
                s.append("\n- ").append(v.field()).append(": ").append(v.message());
            }
            s.append("\nNothing was started and nothing was spent. Fix every field above, then call again.");
        }
        if (e.retryAfter() != null) {
            s.append("\nRetry after ").append(ResultError.retryAfterSeconds(e.retryAfter())).append(" s.");
        }
        if (r.jobId() != null) {
            s.append("\nJob: ").append(r.jobId());
            if (r.status() != null) {
                s.append(" (status ").append(r.status().wireName()).append(')');
            }
            s.append('.');
        }
        return s.append('\n').append(backendText(r.backend())).toString();
    }

    private static String cost(Img2ImgResult r) {
        return Numbers.format(r.creativeUnitsCost());
    }
}
