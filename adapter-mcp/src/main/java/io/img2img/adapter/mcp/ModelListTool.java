package io.img2img.adapter.mcp;

import io.img2img.application.port.in.ListModels;
import io.img2img.domain.model.ListedModel;
import io.img2img.domain.model.ModelListJson;
import io.img2img.domain.result.ResultError;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;

/** The read-only tool {@code list-img2img-models}: a page of models as text and as structuredContent. */
final class ModelListTool {
    private final ListModels models;

    ModelListTool(ListModels models) {
        this.models = models;
    }

    SyncToolSpecification specification() {
        return new SyncToolSpecification(ToolDefinitions.listModels(), this::list);
    }

    CallToolResult list(McpSyncServerExchange exchange, CallToolRequest request) {
        Object cursor = request.arguments() == null ? null : request.arguments().get("cursor");
        ListModels.ModelList page = models.list(cursor instanceof String s ? s : null);
        Map<String, Object> structured =
                ModelListJson.page(page.backend(), page.models(), page.nextCursor(), page.error());
        return CallToolResult.builder()
                .isError(page.error() != null)
                .addTextContent(text(page))
                .structuredContent(structured)
                .build();
    }

    private static String text(ListModels.ModelList page) {
        ResultError error = page.error();
        if (error != null) {
            return "Error (" + error.code().wireName() + "): " + error.message()
                    + (error.violations().isEmpty() ? "" : " " + ResultError.summary(error.violations()));
        }
        StringBuilder s = new StringBuilder(ResultText.backendText(page.backend())).append('\n');
        s.append(page.models().size())
                .append(page.models().size() == 1 ? " model" : " models")
                .append(" that run img2img (pass the id as modelId):\n");
        for (ListedModel m : page.models()) {
            s.append("- ")
                    .append(m.model().id())
                    .append(": ")
                    .append(m.name())
                    .append(" (type ")
                    .append(m.model().type() == null ? "unknown" : m.model().type())
                    .append(", family ")
                    .append(m.model().family().wireName())
                    .append(")\n");
        }
        if (page.nextCursor() != null) {
            s.append("More models: call ")
                    .append(ToolDefinitions.LIST_MODELS)
                    .append(" with {\"cursor\": \"")
                    .append(page.nextCursor())
                    .append("\"}.");
        }
        return s.toString();
    }
}
