package io.img2img.adapter.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.application.port.in.DescribeServer;
import io.img2img.domain.request.JsonBounds;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;

/** Puts the tools, the asset resources and the settings onto an MCP server of either transport. */
final class ServerAssembly {
    /**
     * Every frame is read within {@link JsonBounds}, as REST bodies are, while it is read: 31 MB of
     * {@code [[],[],…]} would otherwise become ten million lists. Strings as long as the frame or body
     * limit allows: Jackson's own cap, 20 M characters, is a 15 MB inline image. adapter-rest's GenerationRoutes
     * builds the same mapper from the same bounds: no module both front ends may depend on holds Jackson (the
     * domain depends on nothing, adapters never on each other), so the numbers are shared and the builder is not.
     */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .maxTokenCount(JsonBounds.MAX_TOKENS)
                            .maxNestingDepth(JsonBounds.MAX_DEPTH)
                            .maxNumberLength(JsonBounds.MAX_NUMBER_LENGTH)
                            .maxNameLength(JsonBounds.MAX_NAME_LENGTH)
                            .build())
                    .build())
            // a frame is exactly one JSON value: "{...}}" or two objects in one body is malformed, never a call
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final McpJsonMapper JACKSON = new JacksonMcpJsonMapper(MAPPER);
    /** The server's and stdio's mapper: JSON-RPC errors leave in our words ({@link WireMapper}). */
    static final McpJsonMapper JSON = new WireMapper(JACKSON, false);
    /** The HTTP transport's: also refuses, as a JSON-RPC error, a request whose params its method cannot take. */
    static final McpJsonMapper HTTP_JSON = new WireMapper(JACKSON, true);

    private final McpSettings settings;
    private final McpUseCases useCases;

    ServerAssembly(McpSettings settings, McpUseCases useCases) {
        this.settings = settings;
        this.useCases = useCases;
    }

    McpSettings settings() {
        return settings;
    }

    /** @param localFiles whether {@code image} may name a file on this machine (stdio only) */
    <S extends McpServer.SyncSpecification<S>> McpSyncServer build(
            McpServer.SyncSpecification<S> spec, boolean localFiles) {
        DescribeServer.Description about = useCases.server().describe();
        String backend = about.backend().wireName();
        ResultContent content = new ResultContent(useCases.previews(), JSON, settings.inlineBytes());
        Img2ImgTools tools = new Img2ImgTools(
                useCases.generate(),
                useCases.getJob(),
                useCases.cancel(),
                content,
                new LocalImageFiles(localFiles, settings.maxImageBytes()),
                settings.waitBudget(),
                backend);
        return spec.serverInfo("img2img", about.version())
                .jsonMapper(JSON)
                .instructions("img2img turns a reference image plus a prompt into new images with "
                        + ToolDefinitions.GENERATE + " (" + ToolDefinitions.LIST_MODELS
                        + " lists the model ids it takes)"
                        + "; follow a job still running with " + ToolDefinitions.GET_JOB + " (stop one with "
                        + ToolDefinitions.CANCEL_JOB + ")"
                        + "; read full images with resources/read on " + ToolDefinitions.ASSET_URI_TEMPLATE + ". "
                        + ToolDescriptions.backendLine(backend))
                .capabilities(McpSchema.ServerCapabilities.builder()
                        .tools(false)
                        .resources(false, false)
                        .logging()
                        .build())
                // our validator answers every violation at once, in our format
                .validateToolInputs(false)
                .jsonSchemaValidator(new DeferredSchemaValidator(MAPPER))
                .tools(tools.specifications())
                .tools(new ModelListTool(useCases.models()).specification())
                .resourceTemplates(new AssetResources(useCases.assets()).specification())
                .build();
    }
}
