package io.img2img.domain.request;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.img2img.domain.request.JsonType.ARRAY;
import static io.img2img.domain.request.JsonType.BOOLEAN;
import static io.img2img.domain.request.JsonType.INTEGER;
import static io.img2img.domain.request.JsonType.NUMBER;
import static io.img2img.domain.request.JsonType.STRING;

/**
 * The 23 request fields as data: Scenario's {@code PostImg2imgInferencesRequest} (names, ranges,
 * defaults of its API description) plus its two query flags. Validation, the MCP input schema and
 * the OpenAPI document are all derived from this list.
 */
public final class FieldCatalogue {

    public static final List<String> SCHEDULERS = List.of(
            "DDIMScheduler", "DDPMScheduler", "DEISMultistepScheduler", "DPMSolverMultistepScheduler",
            "DPMSolverSinglestepScheduler", "EulerAncestralDiscreteScheduler", "EulerDiscreteScheduler",
            "HeunDiscreteScheduler", "KDPM2AncestralDiscreteScheduler", "KDPM2DiscreteScheduler", "LCMScheduler",
            "LMSDiscreteScheduler", "PNDMScheduler", "TCDScheduler", "UniPCMultistepScheduler");

    public static final double MAX_SEED_EXCLUSIVE = 9007199254740992d; // 2^53: exact in every JSON number

    public static final List<Field> CONCEPT_FIELDS = List.of(
            Field.of("modelId", STRING, "The LoRA or concept model id (e.g. model_eyVcnFJcR92BxBkz7N6g5w).").mandatory(),
            Field.of("scale", NUMBER, "How strongly the concept applies.").mandatory().range(-2, 2),
            Field.of("modelEpoch", STRING, "The epoch of the concept model (Flux LoRA models only)."));

    public static final List<Field> FIELDS = List.of(
            Field.of("modelId", STRING, "The Scenario model id to run (e.g. model_... or flux.1-dev). Its type decides "
                    + "the ranges and defaults of guidance, width and height.").mandatory(),
            Field.of("prompt", STRING, "What the new image should show.").mandatory(),
            Field.of("image", STRING, "The reference image: a data URL (data:image/png|jpeg|webp|gif;base64,...) or an "
                    + "asset id (asset_...). Over stdio MCP also an absolute file path or file:// URI. One of image or "
                    + "imageId is required; not both."),
            Field.of("imageId", STRING, "Deprecated: the reference image as an asset id. Prefer image."),
            Field.of("imageParentId", STRING, "Parent asset id for an image given as a data URL (only with a data URL)."),
            Field.of("imageHide", BOOLEAN, "Hide the uploaded reference image (only with a data URL)."),
            Field.of("strength", NUMBER, "How much of the reference is replaced: 0.01 keeps almost everything, 1.0 "
                    + "keeps nothing.").range(0.01, 1.0).defaultsTo(0.75),
            Field.of("seed", STRING, "Seed for reproducible results: digits (or a JSON integer), 0 <= seed < 2^53. "
                    + "Random when absent; the seed used is returned.").orInteger(),
            Field.of("numSamples", INTEGER, "How many images to generate. Every sample costs Creative Units.")
                    .range(1, 128).defaultsTo(4),
            Field.of("numInferenceSteps", INTEGER, "Denoising steps per image.").range(1, 150).defaultsTo(30),
            Field.of("guidance", NUMBER, "How closely to follow the prompt. By model type: flux dev [0, 10] default "
                    + "3.5; flux pro [2, 5] default 3; sd-xl [0, 20] default 6; sd-1_5 [0, 20] default 7.5.")
                    .range(0, 20),
            Field.of("width", INTEGER, "Output width, a multiple of 8. sd-xl models: [512, 2048]; sd-1_5: [64, 1024].")
                    .range(64, 2048).multipleOf(8).defaultsTo(512),
            Field.of("height", INTEGER, "Output height, a multiple of 8. sd-xl models: [512, 2048]; sd-1_5: [64, 1024].")
                    .range(64, 2048).multipleOf(8).defaultsTo(512),
            Field.of("scheduler", STRING, "Override the model's scheduler.").oneOf(SCHEDULERS),
            Field.of("negativePrompt", STRING, "What the image should not show. On flux dev models it needs "
                    + "negativePromptStrength > 0."),
            Field.of("negativePromptStrength", NUMBER, "Influence of negativePrompt (flux dev models only).")
                    .range(0, 10).defaultsTo(0),
            Field.of("concepts", ARRAY, "LoRA concepts to apply: [{modelId, scale in [-2, 2], modelEpoch?}].")
                    .itemsOf(CONCEPT_FIELDS),
            Field.of("modelEpoch", STRING, "Epoch of the model to use (Flux LoRA models only)."),
            Field.of("baseModelId", STRING, "Base model for a Flux LoRA model; one of the model's compliantModelIds."),
            Field.of("hideResults", BOOLEAN, "Hide the generated assets in Scenario's listings.").defaultsTo(false),
            Field.of("intermediateImages", BOOLEAN, "Also produce intermediate images.").defaultsTo(false),
            Field.of("originalAssets", BOOLEAN, "Return the original assets, untransformed.").defaultsTo(false),
            Field.of("dryRun", BOOLEAN, "Only price the request in Creative Units; generate nothing. Use it first.")
                    .defaultsTo(false));

    private static final Map<String, Field> BY_NAME = index(FIELDS);

    private FieldCatalogue() {
    }

    public static Optional<Field> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Field field(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no field " + name));
    }

    public static List<String> requiredNames() {
        return FIELDS.stream().filter(Field::required).map(Field::name).toList();
    }

    private static Map<String, Field> index(List<Field> fields) {
        Map<String, Field> byName = new LinkedHashMap<>();
        fields.forEach(f -> byName.put(f.name(), f));
        return Map.copyOf(byName);
    }
}
