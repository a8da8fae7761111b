package io.img2img.adapter.mcp;

import io.img2img.application.port.in.ListModels;
import io.img2img.domain.id.Ids;
import io.img2img.domain.model.ModelListJson;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.schema.JsonSchemas;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four tools and the asset resource template as clients list them. The schemas are the domain's
 * maps, rendered once per process: nothing is re-typed here and nothing is rebuilt per call.
 */
final class ToolDefinitions {
    static final String GENERATE = "post-img2img-inferences";
    static final String GET_JOB = "get-img2img-job";
    static final String LIST_MODELS = "list-img2img-models";
    static final String CANCEL_JOB = "cancel-img2img-job";
    static final String ASSET_URI_PREFIX = "img2img://assets/";
    static final String ASSET_URI_TEMPLATE = ASSET_URI_PREFIX + "{assetId}";

    /** The generation tool's own argument (REST's Idempotency-Key header): not a request field, never sent upstream. */
    static final String IDEMPOTENCY_KEY = "idempotencyKey";

    private static final Map<String, Object> REQUEST_SCHEMA = withIdempotencyKey(JsonSchemas.request());
    private static final Map<String, Object> RESULT_SCHEMA = JsonSchemas.result();
    private static final Map<String, Object> JOB_SCHEMA = jobSchema();
    private static final Map<String, Object> MODELS_SCHEMA = ModelListJson.schema();
    private static final Map<String, Object> MODELS_INPUT_SCHEMA = Map.of(
            "type",
            "object",
            "properties",
            Map.of(
                    "cursor",
                    Map.of(
                            "type",
                            "string",
                            "description",
                            "The nextCursor of the previous page; none for the first.")),
            "additionalProperties",
            false);

    private ToolDefinitions() {}

    static McpSchema.Tool generate(String backend, long waitSeconds, boolean localFiles) {
        return McpSchema.Tool.builder()
                .name(GENERATE)
                .title("Image to image (reference image + prompt)")
                .description(ToolDescriptions.generate(backend, waitSeconds, localFiles))
                .inputSchema(REQUEST_SCHEMA)
                .outputSchema(RESULT_SCHEMA)
                .annotations(McpSchema.ToolAnnotations.builder()
                        .title("Image to image (reference image + prompt)")
                        .readOnlyHint(false)
                        .destructiveHint(false)
                        .idempotentHint(false)
                        .openWorldHint(true)
                        .build())
                .build();
    }

    static McpSchema.Tool getJob(long waitSeconds) {
        return McpSchema.Tool.builder()
                .name(GET_JOB)
                .title("Get an img2img job")
                .description("Follows a job started by " + GENERATE + " that was still running when that call returned "
                        + "(status \"in-progress\"). Waits up to " + waitSeconds + " s for it to end, sending progress "
                        + "notifications when you pass a progressToken, and returns the same result as " + GENERATE
                        + ": images inline (previews when large), resource links " + ASSET_URI_TEMPLATE + ", file "
                        + "paths, seed, status. Still running after the wait: call it again with the same jobId. "
                        + "Costs nothing. An unknown job id is an isError result with error.code \""
                        + ErrorCode.UNKNOWN_JOB.wireName() + "\".")
                .inputSchema(JOB_SCHEMA)
                .outputSchema(RESULT_SCHEMA)
                .annotations(readOnly("Get an img2img job"))
                .build();
    }

    static McpSchema.Tool cancelJob() {
        return McpSchema.Tool.builder()
                .name(CANCEL_JOB)
                .title("Cancel an img2img job")
                .description("Cancels a job started by " + GENERATE + " (the rules of REST's DELETE /v1/jobs/{jobId}). "
                        + "A queued job is canceled before it starts and costs nothing; a job of the local backend in "
                        + "progress stops at its next image (the images already made are kept). A job running at "
                        + "Scenario is asked once to cancel there (asking again sends nothing more) and comes back "
                        + "with status \"" + JobStatus.CANCELING.wireName() + "\": follow it with " + GET_JOB
                        + " until Scenario reports its end, \"" + JobStatus.CANCELED.wireName() + "\" (images made "
                        + "before the cancel are kept and listed; what Scenario already billed stays billed) or its real "
                        + "end if it finished first. A job that already ended comes back unchanged. An isError result "
                        + "with error.code \"" + ErrorCode.NOT_CANCELLABLE.wireName() + "\" for a job whose request is "
                        + "still being sent or whose outcome is unknown, \"" + ErrorCode.UNKNOWN_JOB.wireName()
                        + "\" for an unknown job id. Returns the same result as " + GET_JOB + ".")
                .inputSchema(JOB_SCHEMA)
                .outputSchema(RESULT_SCHEMA)
                .annotations(McpSchema.ToolAnnotations.builder()
                        .title("Cancel an img2img job")
                        .readOnlyHint(false)
                        .destructiveHint(true)
                        .idempotentHint(true)
                        .openWorldHint(true)
                        .build())
                .build();
    }

    static McpSchema.Tool listModels() {
        return McpSchema.Tool.builder()
                .name(LIST_MODELS)
                .title("List img2img models")
                .description("Lists the models this server's backend can run " + GENERATE + " with. Call it when "
                        + "you lack a model id (never guess one). On the Scenario backend: the team's private models and "
                        + "Scenario's official public ones that are trained, support img2img and are not custom; on the "
                        + "local backend: the one procedural pseudo-model (not an AI model). Each model comes with its id "
                        + "(pass it as modelId), name, type, family and the ranges its family imposes on guidance, width "
                        + "and height. At most " + ListModels.MAX_PAGE + " models per call: when the result has "
                        + "nextCursor, call again with {\"cursor\": nextCursor} for more. Costs nothing.")
                .inputSchema(MODELS_INPUT_SCHEMA)
                .outputSchema(MODELS_SCHEMA)
                .annotations(readOnly("List img2img models"))
                .build();
    }

    /** A tool that only reads what the backend holds: calling it again changes nothing. */
    private static McpSchema.ToolAnnotations readOnly(String title) {
        return McpSchema.ToolAnnotations.builder()
                .title(title)
                .readOnlyHint(true)
                .destructiveHint(false)
                .idempotentHint(true)
                .openWorldHint(true)
                .build();
    }

    static McpSchema.ResourceTemplate assetTemplate() {
        return McpSchema.ResourceTemplate.builder()
                .uriTemplate(ASSET_URI_TEMPLATE)
                .name("img2img-asset")
                .title("Image produced by img2img")
                .description("A full-size image produced by " + GENERATE + ", by asset id (from the result's "
                        + "resource links or images[].assetId).")
                .build();
    }

    /** The request's schema (the catalogue's fields) plus the optional {@link #IDEMPOTENCY_KEY} argument. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withIdempotencyKey(Map<String, Object> request) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("type", "string");
        key.put("minLength", 1);
        key.put("maxLength", 255);
        key.put(
                "description",
                "Optional; not sent to the backend. The same key and the same request, within 24 h of "
                        + "the job's end (and for as long as it runs), return the same job instead of starting (and paying for) "
                        + "another: pass a fresh unique key with each new generation, and the same key when you retry it.");
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) request.get("properties"));
        properties.put(IDEMPOTENCY_KEY, key);
        Map<String, Object> schema = new LinkedHashMap<>(request);
        schema.put("properties", properties);
        return schema;
    }

    private static Map<String, Object> jobSchema() {
        Map<String, Object> jobId = new LinkedHashMap<>();
        jobId.put("type", "string");
        jobId.put("pattern", "^" + Ids.JOB_ID_PATTERN + "$");
        jobId.put("description", "The jobId of an earlier " + GENERATE + " result.");
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of("jobId", jobId));
        schema.put("required", List.of("jobId"));
        schema.put("additionalProperties", false);
        return schema;
    }
}
