package io.img2img.adapter.scenario;

import io.img2img.domain.request.Concept;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.ImageReference;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of POST /generate/img2img (Scenario's PostImg2imgInferencesRequest). Every effective value
 * is sent explicitly, since Scenario's docs and API description disagree on some defaults; a field
 * the generation leaves {@code null} is not sent.
 */
final class WireRequest {
    private WireRequest() {}

    static Map<String, Object> body(Generation g) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("modelId", g.modelId());
        b.put("prompt", g.prompt());
        b.put(
                "image",
                g.image() instanceof ImageReference.DataUrl data
                        ? data.toDataUrl()
                        : ((ImageReference.AssetId) g.image()).id());
        put(b, "imageParentId", g.imageParentId());
        put(b, "imageHide", g.imageHide());
        b.put("strength", g.strength());
        b.put("seed", g.seedText());
        b.put("numSamples", g.numSamples());
        b.put("numInferenceSteps", g.numInferenceSteps());
        put(b, "guidance", g.guidance());
        b.put("width", g.width());
        b.put("height", g.height());
        put(b, "scheduler", g.scheduler());
        put(b, "negativePrompt", g.negativePrompt());
        put(b, "negativePromptStrength", g.negativePromptStrength());
        if (!g.concepts().isEmpty()) {
            b.put("concepts", g.concepts().stream().map(WireRequest::concept).toList());
        }
        put(b, "modelEpoch", g.modelEpoch());
        put(b, "baseModelId", g.baseModelId());
        b.put("hideResults", g.hideResults());
        b.put("intermediateImages", g.intermediateImages());
        return b;
    }

    private static Map<String, Object> concept(Concept c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modelId", c.modelId());
        m.put("scale", c.scale());
        put(m, "modelEpoch", c.modelEpoch());
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
