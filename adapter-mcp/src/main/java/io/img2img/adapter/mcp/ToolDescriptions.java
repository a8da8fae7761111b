package io.img2img.adapter.mcp;

import io.img2img.domain.model.ModelFamily;
import io.img2img.domain.request.CrossFieldRule;
import io.img2img.domain.request.Field;
import io.img2img.domain.request.FieldCatalogue;
import io.img2img.domain.result.Backend;
import io.img2img.domain.result.ErrorCode;

/** The generation tool's description in words: what it costs, what it returns, and the request's rules from the catalogue. */
final class ToolDescriptions {

    private ToolDescriptions() {}

    static String backendLine(String backend) {
        return Backend.LOCAL.is(backend)
                ? "This server runs the LOCAL backend: an offline procedural renderer (noise, palettes and filters "
                        + "driven by the prompt's keywords), not an AI model; it costs nothing."
                : "This server runs the " + backend
                        + " backend (Scenario's cloud API): every generation spends Creative Units.";
    }

    static String generate(String backend, long waitSeconds, boolean localFiles) {
        return "Image to image: turns one reference image plus a text prompt into new images (Scenario img2img). "
                + backendLine(backend) + "\n"
                + "COST: on the Scenario backend each call spends Creative Units and numSamples (default "
                + FieldCatalogue.field("numSamples").defaultValue() + ") multiplies "
                + "the cost: call first with dryRun: true to get the price without generating anything.\n"
                + "WAITING: it starts an asynchronous job and waits up to " + waitSeconds + " s, sending "
                + "notifications/progress when the call has a progressToken. If the job is still running then, the "
                + "result has status \"in-progress\" and a jobId: call " + ToolDefinitions.GET_JOB
                + " with that jobId to keep "
                + "waiting. When the server's jobs are all busy the job is queued: status \"queued\" with its "
                + "queuePosition and jobId, followed the same way. Cancelling the call does not stop the job: it keeps "
                + "running and stays retrievable with " + ToolDefinitions.GET_JOB + ".\n"
                + "RETRIES: pass " + ToolDefinitions.IDEMPOTENCY_KEY + " (a unique string of your own per generation) "
                + "if you may call again after an error or a lost answer: the same key and request return the same "
                + "job, never a second paid one. A result with a jobId was accepted: follow it with "
                + ToolDefinitions.GET_JOB + " rather than calling this tool again.\n"
                + "RETURNS: a text summary; the images inline (downscaled JPEG previews when the full images are too "
                + "large); resource links " + ToolDefinitions.ASSET_URI_TEMPLATE
                + " to the full-size images (read them with "
                + "resources/read); their file paths on the server; the jobId and the seed used (pass it back to "
                + "reproduce); the same as structuredContent.\n"
                + "ERRORS: isError: true with structuredContent.error {code, message, violations: [{field, message}]}; "
                + "every invalid field is reported at once, so fix them all before calling again. " + errorCodes()
                + "\n"
                + "WHEN: use it to transform, restyle or vary an existing image. Without a reference image use a "
                + "text-to-image tool; to keep only the structure, pose, edges or depth of a reference use a ControlNet "
                + "tool.\n"
                + "MODELS: without a modelId you know, call " + ToolDefinitions.LIST_MODELS
                + " first: it lists the models this "
                + "backend can run img2img with, and each one's ranges; never guess a modelId.\n"
                + "PARAMETERS: give image (a data URL, or an asset id such as an assetId of an earlier result"
                + (localFiles
                        ? ", or an absolute file path or file:// URI on this machine"
                        : "; local file paths are " + "not accepted over HTTP")
                + ") or the deprecated imageId. " + CrossFieldRule.IMAGE_REQUIRED.wording() + " "
                + parameterRules();
    }

    /** The codes a tool result may carry, grouped by whether calling again helps: from the error-code catalogue. */
    static String errorCodes() {
        java.util.Map<ErrorCode.Retry, java.util.List<String>> byRetry = new java.util.EnumMap<>(ErrorCode.Retry.class);
        for (ErrorCode code : ErrorCode.values()) {
            if (code.mcp() == ErrorCode.Mcp.TOOL_RESULT) {
                byRetry.computeIfAbsent(code.retry(), r -> new java.util.ArrayList<>())
                        .add(code.wireName());
            }
        }
        return "Codes that a new call will not fix: " + String.join(", ", byRetry.get(ErrorCode.Retry.NO))
                + ". Retry after error.retryAfterSeconds: "
                + String.join(", ", byRetry.get(ErrorCode.Retry.AFTER_RETRY_AFTER))
                + ". A retry may help: " + String.join(", ", byRetry.get(ErrorCode.Retry.MAY_HELP))
                + ". Never call again blindly (a job may have started and been billed; look at it first): "
                + String.join(", ", byRetry.get(ErrorCode.Retry.NOT_BLINDLY)) + ".";
    }

    /** The rules of the sides, guidance and strength, in words, from the catalogue and the families. */
    private static String parameterRules() {
        Field width = FieldCatalogue.field("width");
        Field guidance = FieldCatalogue.field("guidance");
        Field strength = FieldCatalogue.field("strength");
        Field concepts = FieldCatalogue.field("concepts");
        return "width and height: multiples of " + width.multipleOf() + " in " + width.range() + "; "
                + ModelFamily.sidesText() + ". guidance by model family: " + ModelFamily.guidanceText(guidance.range())
                + ". negativePrompt: " + CrossFieldRule.FLUX_DEV_NEGATIVE_PROMPT_NEEDS_STRENGTH.wording()
                + " strength: " + strength.minimum()
                + " keeps the reference almost unchanged, " + strength.maximum()
                + " replaces it entirely. concepts: at "
                + "most " + concepts.maxItems() + ".";
    }
}
