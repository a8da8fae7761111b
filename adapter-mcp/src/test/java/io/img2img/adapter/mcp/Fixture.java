package io.img2img.adapter.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.img2img.adapter.imageio.ImageIoModule;
import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.job.JobEngine;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.testkit.FakeBackend;
import io.img2img.application.testkit.MemoryJobLedger;
import io.img2img.application.testkit.PacedClock;
import io.img2img.application.testkit.TestImages;
import io.img2img.application.usecase.DescribeServerService;
import io.img2img.application.usecase.GenerateImageService;
import io.img2img.application.usecase.GetJobService;
import io.img2img.application.usecase.ListModelsService;
import io.img2img.application.usecase.PreviewImagesService;
import io.img2img.application.usecase.ReadAssetService;
import io.img2img.domain.model.Model;
import io.img2img.domain.result.Backend;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The real services over fake ports, with a clock that advances instead of sleeping. */
final class Fixture {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough for a fake job (a few polls on the paced clock), short enough to outwait a held one. */
    static final Duration WAIT = Duration.ofSeconds(8);

    final FakeBackend backend = new FakeBackend();
    final MemoryAssetStore store;
    final ImageCodec codec = ImageIoModule.codec();
    final GenerateImageService generate;
    final GetJobService getJob;
    final MemoryJobLedger ledger = new MemoryJobLedger();
    /** The configured defaults (SPEC §7), but a shorter wait. */
    static final McpSettings DEFAULTS =
            new McpSettings(Duration.ofSeconds(45), 700_000, 32L * 1024 * 1024, ServicePolicy.DEFAULT_MAX_IMAGE_BYTES);

    final McpSettings settings =
            new McpSettings(WAIT, DEFAULTS.inlineBytes(), DEFAULTS.maxFrameBytes(), DEFAULTS.maxImageBytes());
    final McpUseCases useCases;

    Fixture(Path outputs) {
        this(outputs, LedgerPolicy.defaults());
    }

    Fixture(Path outputs, LedgerPolicy ledgerPolicy) {
        store = new MemoryAssetStore(outputs);
        // each poll takes 10 ms of real time: a waiter sees progress rise as on a real backend, yet tests stay fast
        Clock clock = new PacedClock(Duration.ofMillis(10));
        io.img2img.application.port.out.ModelCatalog models = id -> Optional.of(Model.unknown(id));
        JobEngine jobs =
                JobEngine.create(ledger, backend, models, codec, store, clock, ServicePolicy.defaults(), ledgerPolicy);
        generate = new GenerateImageService(backend, models, codec, jobs, ServicePolicy.defaults());
        getJob = new GetJobService(jobs);
        useCases = new McpUseCases(
                generate,
                getJob,
                new ReadAssetService(store),
                new PreviewImagesService(store, codec),
                new DescribeServerService(Backend.of(backend.name()).orElseThrow(), "test", ServicePolicy.defaults()),
                new ListModelsService(id -> Optional.of(Model.unknown(id)), backend.name()));
    }

    McpHttpServlet servlet() {
        return new McpHttpServlet(settings, useCases);
    }

    McpStdioServer stdioServer(McpSettings stdioSettings) {
        return new McpStdioServer(stdioSettings, useCases);
    }

    static String pngDataUrl() {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(TestImages.noisyPng(32, 32, 7));
    }

    /** A valid request; each test changes what it tests. */
    static Map<String, Object> request() {
        Map<String, Object> args = new HashMap<>();
        args.put("modelId", "model_test");
        args.put("prompt", "a lighthouse, sepia");
        args.put("image", pngDataUrl());
        args.put("numSamples", 2);
        args.put("width", 64);
        args.put("height", 64);
        args.put("seed", 42);
        return args;
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args, Object token) {
        Map<String, Object> meta = token == null ? null : Map.of("progressToken", token);
        return client.callTool(new McpSchema.CallToolRequest(tool, args, meta));
    }

    /** A JSON tree as it reads back from text, so that 64 as a long equals 64 as an int. */
    static JsonNode tree(Object value) {
        try {
            return JSON.readTree(JSON.writeValueAsString(value));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JsonNode structured(McpSchema.CallToolResult result) {
        return JSON.valueToTree(result.structuredContent());
    }

    static List<String> schemaErrors(Map<String, Object> schema, Object instance) {
        Schema compiled =
                SchemaRegistry.withDefaultDialect(Dialects.getDraft202012()).getSchema(JSON.valueToTree(schema));
        List<String> errors = new ArrayList<>();
        compiled.validate(JSON.valueToTree(instance)).forEach(e -> errors.add(e.toString()));
        return errors;
    }

    static String text(McpSchema.CallToolResult result) {
        return result.content().stream()
                .filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text())
                .reduce("", String::concat);
    }

    static <T> List<T> contents(McpSchema.CallToolResult result, Class<T> type) {
        return result.content().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }
}
