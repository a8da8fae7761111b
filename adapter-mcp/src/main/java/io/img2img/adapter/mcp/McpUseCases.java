package io.img2img.adapter.mcp;

import io.img2img.application.port.in.CancelJob;
import io.img2img.application.port.in.DescribeServer;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.ListModels;
import io.img2img.application.port.in.PreviewImages;
import io.img2img.application.port.in.ReadAsset;

/** Everything the MCP front end asks of the application: inbound ports only. */
public record McpUseCases(
        GenerateImage generate,
        GetJob getJob,
        ReadAsset assets,
        PreviewImages previews,
        DescribeServer server,
        ListModels models,
        CancelJob cancel) {}
