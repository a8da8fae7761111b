package io.img2img.adapter.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;

/** Puts the tools, the asset resources and the settings onto an MCP server of either transport. */
final class ServerAssembly {
    /**
     * Strings as long as the frame or body limit allows: Jackson's own cap, 20 M characters, is a 15 MB
     * inline image. Tokens are not bounded here: a frame the SDK cannot read ends the stdio session, and
     * the frame limit already bounds what a message can hold.
     */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build())
            // a frame is exactly one JSON value: "{...}}" or two objects in one body is malformed, never a call
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final McpJsonMapper JSON = new JacksonMcpJsonMapper(MAPPER);

    private final McpSettings settings;
    private final GenerateImage generate;
    private final GetJob getJob;
    private final AssetStore store;
    private final ImageCodec codec;
    private final String backend;

    ServerAssembly(McpSettings settings, GenerateImage generate, GetJob getJob, AssetStore store, ImageCodec codec,
                   String backend) {
        this.settings = settings;
        this.generate = generate;
        this.getJob = getJob;
        this.store = store;
        this.codec = codec;
        this.backend = backend;
    }

    McpSettings settings() {
        return settings;
    }

    /** @param localFiles whether {@code image} may name a file on this machine (stdio only) */
    <S extends McpServer.SyncSpecification<S>> McpSyncServer build(McpServer.SyncSpecification<S> spec, boolean localFiles) {
        ResultContent content = new ResultContent(new InlineImages(store, codec), JSON, settings.inlineBytes());
        Img2ImgTools tools = new Img2ImgTools(generate, getJob, content,
                new LocalImageFiles(localFiles, settings.maxImageBytes()), settings.waitBudget(), backend);
        return spec.serverInfo("img2img", settings.version())
                .jsonMapper(JSON)
                .instructions("img2img turns a reference image plus a prompt into new images with "
                        + ToolDefinitions.GENERATE + "; follow a job still running with " + ToolDefinitions.GET_JOB
                        + "; read full images with resources/read on " + ToolDefinitions.ASSET_URI_TEMPLATE + ". "
                        + ToolDefinitions.backendLine(backend))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).logging().build())
                // our validator answers every violation at once, in our format
                .validateToolInputs(false)
                .jsonSchemaValidator(new DeferredSchemaValidator(MAPPER))
                .tools(tools.specifications())
                .resourceTemplates(new AssetResources(store).specification())
                .build();
    }
}
