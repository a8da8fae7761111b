package io.img2img.domain.request;

import static io.img2img.domain.request.JsonType.ARRAY;
import static io.img2img.domain.request.JsonType.BOOLEAN;
import static io.img2img.domain.request.JsonType.INTEGER;
import static io.img2img.domain.request.JsonType.NUMBER;
import static io.img2img.domain.request.JsonType.STRING;

import io.img2img.domain.id.Ids;
import io.img2img.domain.model.ModelFamily;
import io.img2img.domain.text.Numbers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The 23 request fields as data: Scenario's {@code PostImg2imgInferencesRequest} (names, ranges,
 * defaults of its API description) plus its two query flags. The parser, the generic rules, the MCP
 * input schema, the OpenAPI document and every message are derived from this list; the per-family
 * ranges and defaults come from {@link ModelFamily}.
 */
public final class FieldCatalogue {

    public static final List<String> SCHEDULERS = List.of(
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

    /** Seeds stay below 2^53: exact in every JSON number. */
    private static final int SEED_BITS = 53;
    /** The first seed too large (exclusive bound). */
    public static final long SEED_LIMIT = 1L << SEED_BITS;

    /** Model ids as schemas say it; {@link Ids#isModelId} checks the same. */
    private static final String MODEL_ID = "^" + Ids.MODEL_ID_PATTERN + "$";

    public static final List<Field> CONCEPT_FIELDS = List.of(
            Field.of("modelId", STRING)
                    .mandatory()
                    .matching(MODEL_ID)
                    .description("The LoRA or concept model id (e.g. model_eyVcnFJcR92BxBkz7N6g5w)."),
            Field.of("scale", NUMBER).mandatory().range(-2, 2).description("How strongly the concept applies."),
            Field.of("modelEpoch", STRING).description("The epoch of the concept model (Flux LoRA models only)."));

    public static final List<Field> FIELDS = withCrossFieldRules(List.of(
            Field.of("modelId", STRING)
                    .mandatory()
                    .matching(MODEL_ID)
                    .description("The Scenario model id to run (e.g. model_... or "
                            + "flux.1-dev). Its type decides the ranges and defaults of guidance, width and height."),
            Field.of("prompt", STRING).mandatory().description("What the new image should show."),
            Field.of("image", STRING)
                    .description("The reference image: a data URL (data:image/png|jpeg|webp|gif;base64,"
                            + "...) or an asset id (" + Ids.ASSET_ID_PREFIX
                            + "...). Over stdio MCP also an absolute file path or file:// URI."),
            Field.of("imageId", STRING).description("Deprecated: the reference image as an asset id. Prefer image."),
            Field.of("imageParentId", STRING).description("Parent asset id for an image given as a data URL."),
            Field.of("imageHide", BOOLEAN).description("Hide the uploaded reference image."),
            Field.of("strength", NUMBER)
                    .range(0.01, 1.0)
                    .defaultsTo(0.75)
                    .described(f -> "How much of the reference " + "is replaced: " + f.minimum()
                            + " keeps almost everything, " + f.maximum() + " keeps nothing."),
            Field.of("seed", STRING)
                    .orInteger()
                    .matching("^[0-9]+$")
                    .range(0, SEED_LIMIT - 1)
                    .described(f ->
                            "Seed for reproducible results: digits (or a JSON integer), " + Numbers.format(f.minimum())
                                    + " <= seed < 2^" + SEED_BITS + ". Random when absent; the seed used is returned."),
            Field.of("numSamples", INTEGER)
                    .range(1, 128)
                    .defaultsTo(4)
                    .description("How many images to generate. Every sample costs Creative Units."),
            Field.of("numInferenceSteps", INTEGER)
                    .range(1, 150)
                    .defaultsTo(30)
                    .description("Denoising steps per image."),
            Field.of("guidance", NUMBER)
                    .range(0, 20)
                    .described(f -> "How closely to follow the prompt. By model type: "
                            + ModelFamily.guidanceText(f.range()) + "."),
            side("width"),
            side("height"),
            Field.of("scheduler", STRING).oneOf(SCHEDULERS).description("Override the model's scheduler."),
            Field.of("negativePrompt", STRING).description("What the image should not show."),
            Field.of("negativePromptStrength", NUMBER)
                    .range(0, 10)
                    .defaultsTo(0)
                    .description("Influence of negativePrompt."),
            Field.of("concepts", ARRAY)
                    .itemsOf(8, CONCEPT_FIELDS)
                    .described(f -> "LoRA concepts to apply, at most " + f.maxItems() + ": [" + conceptShape() + "]."),
            Field.of("modelEpoch", STRING).description("Epoch of the model to use."),
            Field.of("baseModelId", STRING).description("Base model for a Flux LoRA model."),
            Field.of("hideResults", BOOLEAN)
                    .defaultsTo(false)
                    .description("Hide the generated assets in Scenario's listings."),
            Field.of("intermediateImages", BOOLEAN).defaultsTo(false).description("Also produce intermediate images."),
            Field.of("originalAssets", BOOLEAN)
                    .alsoQueryFlag()
                    .defaultsTo(false)
                    .description("Return the original assets, untransformed."),
            Field.of("dryRun", BOOLEAN)
                    .alsoQueryFlag()
                    .defaultsTo(false)
                    .description("Only price the request in Creative Units; generate nothing. Use it first.")));

    private static final Map<String, Field> BY_NAME = index(FIELDS);

    private FieldCatalogue() {}

    public static Optional<Field> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Field field(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no field " + name));
    }

    public static List<String> requiredNames() {
        return FIELDS.stream().filter(Field::required).map(Field::name).toList();
    }

    /** Width and height share every rule; a family may narrow their range ({@link ModelFamily#sides}). */
    private static Field side(String name) {
        return Field.of(name, INTEGER)
                .range(64, 2048)
                .multipleOf(8)
                .defaultsTo(512)
                .described(f ->
                        "Output " + name + ", a multiple of " + f.multipleOf() + ". " + ModelFamily.sidesText() + ".");
    }

    /** "{modelId, scale in [-2, 2], modelEpoch?}" */
    private static String conceptShape() {
        return "{"
                + String.join(
                        ", ",
                        CONCEPT_FIELDS.stream()
                                .map(f -> f.name()
                                        + (f.range() == null ? "" : " in " + f.range())
                                        + (f.required() ? "" : "?"))
                                .toList())
                + "}";
    }

    /** The REST query flags: the fields declared {@code alsoQueryFlag}. */
    public static List<Field> queryFlags() {
        return FIELDS.stream().filter(Field::queryFlag).toList();
    }

    /** Each field's description followed by the cross-field rules it states ({@link CrossFieldRule}). */
    private static List<Field> withCrossFieldRules(List<Field> fields) {
        return fields.stream()
                .map(f -> {
                    List<CrossFieldRule> rules = CrossFieldRule.describedOn(f.name());
                    return rules.isEmpty()
                            ? f
                            : f.withDescription(f.description() + " "
                                    + String.join(
                                            " ",
                                            rules.stream()
                                                    .map(CrossFieldRule::wording)
                                                    .toList()));
                })
                .toList();
    }

    private static Map<String, Field> index(List<Field> fields) {
        Map<String, Field> byName = new LinkedHashMap<>();
        fields.forEach(f -> byName.put(f.name(), f));
        return Map.copyOf(byName);
    }
}
