package io.img2img.domain.request;

import java.util.Arrays;
import java.util.List;

/**
 * The rules between fields, declared once each: the field a violation is reported on, the field whose
 * description states the rule, the rule in words (written into that description, hence the MCP input schema,
 * the OpenAPI schema and the playground form, all read from the field catalogue) and the violation's message.
 * The conditions are code in {@link RequestRules} (the generic ones) and {@link FamilyRules} (the model's family);
 * their wording is only here.
 */
public enum CrossFieldRule {
    IMAGE_REQUIRED(
            "image",
            "image",
            "One of image or imageId is required; not both.",
            "is required: give image (a data URL or an asset id) or the deprecated imageId"),
    IMAGE_OR_IMAGE_ID(
            "imageId",
            "imageId",
            "Not together with image.",
            "conflicts with image: give only one of image and imageId"),
    PARENT_ONLY_WITH_DATA_URL(
            "imageParentId", "imageParentId", "Only with a data URL.", "applies only when image is a data URL"),
    HIDE_ONLY_WITH_DATA_URL("imageHide", "imageHide", "Only with a data URL.", "applies only when image is a data URL"),
    FLUX_DEV_NEGATIVE_PROMPT_NEEDS_STRENGTH(
            "negativePromptStrength",
            "negativePrompt",
            "On flux dev models it needs negativePromptStrength > 0.",
            "must be > 0 when negativePrompt is given on a flux dev model (type %s); got %s"),
    NEGATIVE_PROMPT_STRENGTH_FLUX_DEV_ONLY(
            "negativePromptStrength",
            "negativePromptStrength",
            "Flux dev models only.",
            "applies only to flux dev models; model type is %s"),
    MODEL_EPOCH_FLUX_LORA_ONLY(
            "modelEpoch", "modelEpoch", "Flux LoRA models only.", "applies only to Flux LoRA models; model type is %s"),
    BASE_MODEL_FLUX_LORA_ONLY(
            "baseModelId",
            "baseModelId",
            "Flux LoRA models only.",
            "applies only to Flux LoRA models; model type is %s"),
    BASE_MODEL_COMPLIANT(
            "baseModelId",
            "baseModelId",
            "One of the model's compliantModelIds.",
            "must be one of the model's compliantModelIds (%s); got %s");

    private final String field;
    private final String describedOn;
    private final String wording;
    private final String message;

    CrossFieldRule(String field, String describedOn, String wording, String message) {
        this.field = field;
        this.describedOn = describedOn;
        this.wording = wording;
        this.message = message;
    }

    /** The field a violation of this rule names. */
    public String field() {
        return field;
    }

    /** The field whose description states the rule. */
    public String describedOn() {
        return describedOn;
    }

    /** The rule in words, as a field's description and the tool text state it. */
    public String wording() {
        return wording;
    }

    /** The violation, its message filled with the given details (model type, value, ...). */
    Violation violation(Object... details) {
        return new Violation(field, String.format(java.util.Locale.ROOT, message, details));
    }

    /** The rules a field's description states, in declaration order. */
    static List<CrossFieldRule> describedOn(String fieldName) {
        return Arrays.stream(values())
                .filter(r -> r.describedOn.equals(fieldName))
                .toList();
    }
}
