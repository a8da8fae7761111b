package io.img2img.domain.request;

import java.util.List;

/**
 * An img2img request as the caller gave it: every field is {@code null} when absent. The 23 fields
 * are those of the {@link FieldCatalogue}. Build one from a JSON tree with {@link RequestParser}; the
 * rules that decide whether it can run are in {@link RequestRules}.
 */
public record Img2ImgRequest(
        String modelId,
        String prompt,
        ImageReference image,
        String imageId,
        String imageParentId,
        Boolean imageHide,
        Double strength,
        Long seed,
        Integer numSamples,
        Integer numInferenceSteps,
        Double guidance,
        Integer width,
        Integer height,
        String scheduler,
        String negativePrompt,
        Double negativePromptStrength,
        List<Concept> concepts,
        String modelEpoch,
        String baseModelId,
        Boolean hideResults,
        Boolean intermediateImages,
        Boolean originalAssets,
        Boolean dryRun) {

    public Img2ImgRequest {
        concepts = concepts == null ? null : List.copyOf(concepts);
    }

    public boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }

    /** The reference image, whichever of {@code image} and the deprecated {@code imageId} carried it. */
    public ImageReference reference() {
        if (image != null) {
            return image;
        }
        return ImageReference.isAssetId(imageId) ? new ImageReference.AssetId(imageId) : null;
    }
}
