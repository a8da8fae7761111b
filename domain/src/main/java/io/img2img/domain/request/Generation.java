package io.img2img.domain.request;

import io.img2img.domain.model.Model;
import io.img2img.domain.model.ModelFamily;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A valid request with every effective value applied explicitly for its model, so that no backend
 * relies on a remote default (Scenario's docs and API description disagree on some). Nullable fields
 * are the ones not to send: {@code guidance} on a model of unknown type when the caller gave none,
 * and the optional fields the caller left out.
 */
public record Generation(
        Model model,
        String prompt,
        ImageReference image,
        String imageParentId,
        Boolean imageHide,
        double strength,
        long seed,
        int numSamples,
        int numInferenceSteps,
        Double guidance,
        int width,
        int height,
        String scheduler,
        String negativePrompt,
        Double negativePromptStrength,
        List<Concept> concepts,
        String modelEpoch,
        String baseModelId,
        boolean hideResults,
        boolean intermediateImages,
        boolean originalAssets,
        boolean dryRun) {

    public Generation {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(image, "image");
        concepts = concepts == null ? List.of() : List.copyOf(concepts);
    }

    /**
     * Applies the defaults of the catalogue and of the model's family.
     *
     * @param request a request that passed {@link RequestRules}
     * @param newSeed draws a seed (folded into the seed field's range) when the request has none
     */
    public static Generation of(Img2ImgRequest request, Model model, LongSupplier newSeed) {
        ModelFamily family = model.family();
        Double guidance = request.guidance() != null
                ? request.guidance()
                : family.known() ? Double.valueOf(family.guidanceDefault()) : null;
        long seed =
                request.seed() != null ? request.seed() : Math.floorMod(newSeed.getAsLong(), FieldCatalogue.SEED_LIMIT);
        return new Generation(
                model,
                request.prompt(),
                request.reference(),
                request.imageParentId(),
                request.imageHide(),
                or(request.strength(), "strength"),
                seed,
                or(request.numSamples(), "numSamples"),
                or(request.numInferenceSteps(), "numInferenceSteps"),
                guidance,
                or(request.width(), "width"),
                or(request.height(), "height"),
                request.scheduler(),
                request.negativePrompt(),
                request.negativePromptStrength(),
                request.concepts(),
                request.modelEpoch(),
                request.baseModelId(),
                Boolean.TRUE.equals(request.hideResults()),
                Boolean.TRUE.equals(request.intermediateImages()),
                Boolean.TRUE.equals(request.originalAssets()),
                request.isDryRun());
    }

    /** The same generation on another reference image (one scaled down to fit the backend). */
    public Generation withImage(ImageReference newImage) {
        return new Generation(
                model,
                prompt,
                newImage,
                imageParentId,
                imageHide,
                strength,
                seed,
                numSamples,
                numInferenceSteps,
                guidance,
                width,
                height,
                scheduler,
                negativePrompt,
                negativePromptStrength,
                concepts,
                modelEpoch,
                baseModelId,
                hideResults,
                intermediateImages,
                originalAssets,
                dryRun);
    }

    public String modelId() {
        return model.id();
    }

    public String seedText() {
        return Long.toString(seed);
    }

    private static double or(Double value, String field) {
        return value != null ? value : ((Number) FieldCatalogue.field(field).defaultValue()).doubleValue();
    }

    private static int or(Integer value, String field) {
        return value != null ? value : ((Number) FieldCatalogue.field(field).defaultValue()).intValue();
    }
}
