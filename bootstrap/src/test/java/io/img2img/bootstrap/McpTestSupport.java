package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * What the MCP tests of the whole product share: the contract of tools/list as SPEC §3–§5 state it
 * (written out here, not read back from the domain), requests on the example image, and readers
 * for tool results.
 */
final class McpTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(JSON);
    static final String GENERATE = "post-img2img-inferences";
    static final String GET_JOB = "get-img2img-job";
    static final Path EXAMPLE = Processes.ROOT.resolve("examples/reference.png");

    static final List<String> FIELDS = List.of(
            "modelId",
            "prompt",
            "image",
            "imageId",
            "imageParentId",
            "imageHide",
            "strength",
            "seed",
            "numSamples",
            "numInferenceSteps",
            "guidance",
            "width",
            "height",
            "scheduler",
            "negativePrompt",
            "negativePromptStrength",
            "concepts",
            "modelEpoch",
            "baseModelId",
            "hideResults",
            "intermediateImages",
            "originalAssets",
            "dryRun");
    static final List<String> SCHEDULERS = List.of(
            "DDIMScheduler",
            "DDPMScheduler",
            "DEISMultistepScheduler",
            "DPMSolverMultistepScheduler",
            "DPMSolverSinglestepScheduler",
            "EulerAncestralDiscreteScheduler",
            "EulerDiscreteScheduler",
            "HeunDiscreteScheduler",
            "KDPM2AncestralDiscreteScheduler",
            "KDPM2DiscreteScheduler",
            "LCMScheduler",
            "LMSDiscreteScheduler",
            "PNDMScheduler",
            "TCDScheduler",
            "UniPCMultistepScheduler");

    private McpTestSupport() {}

    /** A valid request on the example image (as a data URL); pairs override or add fields. */
    static Map<String, Object> request(Object... pairs) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("modelId", "model_example");
        args.put("prompt", "a lighthouse at dusk, warm");
        try {
            args.put("image", HttpCalls.exampleDataUrl());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        args.put("numSamples", 2);
        args.put("width", 128);
        args.put("height", 128);
        args.put("seed", 42);
        for (int i = 0; i < pairs.length; i += 2) {
            args.put((String) pairs[i], pairs[i + 1]);
        }
        return args;
    }

    static McpSchema.CallToolResult call(
            McpSyncClient client, String tool, Map<String, Object> args, Object progressToken) {
        Map<String, Object> meta = progressToken == null ? null : Map.of("progressToken", progressToken);
        return client.callTool(new McpSchema.CallToolRequest(tool, args, meta));
    }

    static final String LIST_MODELS = "list-img2img-models";

    /** tools/list: the four tools, the 23 fields (and the tool's own idempotencyKey) with their types, ranges, defaults and enum, the output schema, annotations. */
    static McpSchema.Tool assertToolsContract(List<McpSchema.Tool> tools) {
        assertThat(tools)
                .extracting(McpSchema.Tool::name)
                .containsExactlyInAnyOrder(GENERATE, GET_JOB, LIST_MODELS, "cancel-img2img-job");
        McpSchema.Tool tool = tool(tools, GENERATE);
        JsonNode input = tree(tool.inputSchema());
        assertThat(input.get("type").asText()).isEqualTo("object");
        Set<String> names = new HashSet<>();
        input.get("properties").fieldNames().forEachRemaining(names::add);
        names.remove("idempotencyKey"); // the tool's own argument (REST's Idempotency-Key header), never sent upstream
        assertThat(names).hasSize(23).containsExactlyInAnyOrderElementsOf(FIELDS);
        assertThat(input.at("/properties/idempotencyKey/type").asText()).isEqualTo("string");
        assertThat(input.get("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("modelId", "prompt");
        assertThat(input.get("additionalProperties").asBoolean(true))
                .as("typos like negative_prompt are refused")
                .isFalse();

        JsonNode p = input.get("properties");
        assertRange(p, "strength", "number", 0.01, 1.0, 0.75);
        assertRange(p, "numSamples", "integer", 1, 128, 4.0);
        assertRange(p, "numInferenceSteps", "integer", 1, 150, 30.0);
        assertRange(p, "guidance", "number", 0, 20, null);
        assertRange(p, "width", "integer", 64, 2048, 512.0);
        assertRange(p, "height", "integer", 64, 2048, 512.0);
        assertRange(p, "negativePromptStrength", "number", 0, 10, 0.0);
        assertThat(p.at("/width/multipleOf").asInt()).isEqualTo(8);
        assertThat(p.at("/height/multipleOf").asInt()).isEqualTo(8);
        assertThat(p.at("/scheduler/type").asText()).isEqualTo("string");
        assertThat(p.at("/scheduler/enum")).extracting(JsonNode::asText).containsExactlyElementsOf(SCHEDULERS);
        assertThat(p.at("/seed/type")).extracting(JsonNode::asText).containsExactlyInAnyOrder("string", "integer");
        assertThat(p.at("/concepts/type").asText()).isEqualTo("array");
        assertThat(p.at("/concepts/items/properties/scale/minimum").asDouble()).isEqualTo(-2.0);
        assertThat(p.at("/concepts/items/properties/scale/maximum").asDouble()).isEqualTo(2.0);
        assertThat(p.at("/concepts/items/required"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("modelId", "scale");
        for (String flag : List.of("imageHide", "hideResults", "intermediateImages", "originalAssets", "dryRun")) {
            assertThat(p.at("/" + flag + "/type").asText()).as(flag).isEqualTo("boolean");
        }
        for (String text : List.of(
                "modelId",
                "prompt",
                "image",
                "imageId",
                "imageParentId",
                "negativePrompt",
                "modelEpoch",
                "baseModelId")) {
            assertThat(p.at("/" + text + "/type").asText()).as(text).isEqualTo("string");
        }
        p.properties()
                .forEach(e -> assertThat(e.getValue().path("description").asText())
                        .as(e.getKey())
                        .isNotBlank());

        JsonNode output = tree(tool.outputSchema());
        assertThat(output.get("type").asText()).isEqualTo("object");
        assertThat(output.get("required")).extracting(JsonNode::asText).containsExactly("backend");
        assertThat(output.at("/properties/status/enum"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("queued", "success", "in-progress", "canceling", "failure", "canceled");
        assertThat(output.at("/properties/backend/enum"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("scenario", "local");
        for (String field : List.of("jobId", "progress", "seed", "creativeUnitsCost", "images", "dryRun", "error")) {
            assertThat(output.at("/properties/" + field).isObject()).as(field).isTrue();
        }
        assertThat(output.at("/properties/images/items/required"))
                .extracting(JsonNode::asText)
                .contains("assetId", "mimeType", "width", "height");
        assertThat(output.at("/properties/error/properties/violations/items/required"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("field", "message");

        McpSchema.ToolAnnotations a = tool.annotations();
        assertThat(a.title()).isNotBlank();
        assertThat(a.readOnlyHint()).isFalse();
        assertThat(a.destructiveHint()).isFalse();
        assertThat(a.idempotentHint()).isFalse();
        assertThat(a.openWorldHint()).isTrue();
        assertThat(tool.description())
                .contains(
                        "Creative Units",
                        "dryRun",
                        GET_JOB,
                        "isError",
                        "text-to-image",
                        "ControlNet",
                        "imageId",
                        "negativePromptStrength",
                        "procedural renderer");

        McpSchema.Tool getJob = tool(tools, GET_JOB);
        assertThat(tree(getJob.inputSchema()).get("required"))
                .extracting(JsonNode::asText)
                .containsExactly("jobId");
        assertThat(tree(getJob.outputSchema())).isEqualTo(output);
        assertThat(getJob.annotations().readOnlyHint()).isTrue();
        McpSchema.Tool models = tool(tools, LIST_MODELS);
        assertThat(models.annotations().readOnlyHint()).isTrue();
        assertThat(models.description()).contains("lack a model id");
        assertThat(tool.description()).contains(LIST_MODELS);
        return tool;
    }

    private static void assertRange(
            JsonNode properties, String name, String type, double min, double max, Double dflt) {
        JsonNode f = properties.get(name);
        assertThat(f.get("type").asText()).as(name).isEqualTo(type);
        assertThat(f.get("minimum").asDouble()).as(name + " minimum").isEqualTo(min);
        assertThat(f.get("maximum").asDouble()).as(name + " maximum").isEqualTo(max);
        if (dflt != null) {
            assertThat(f.get("default").asDouble()).as(name + " default").isEqualTo(dflt);
        }
    }

    static McpSchema.Tool tool(List<McpSchema.Tool> tools, String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    static JsonNode tree(Object value) {
        try {
            return JSON.readTree(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode structured(McpSchema.CallToolResult result) {
        return tree(result.structuredContent());
    }

    static List<String> schemaErrors(Map<String, Object> schema, Object instance) {
        Schema compiled =
                SchemaRegistry.withDefaultDialect(Dialects.getDraft202012()).getSchema(tree(schema));
        List<String> errors = new ArrayList<>();
        compiled.validate(tree(instance)).forEach(e -> errors.add(e.toString()));
        return errors;
    }

    static String text(McpSchema.CallToolResult result) {
        return contents(result, McpSchema.TextContent.class).stream()
                .map(McpSchema.TextContent::text)
                .reduce("", String::concat);
    }

    static <T> List<T> contents(McpSchema.CallToolResult result, Class<T> type) {
        return result.content().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(image).as("decodes as an image").isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage decode(McpSchema.ImageContent content) {
        return decode(Base64.getDecoder().decode(content.data()));
    }
}
