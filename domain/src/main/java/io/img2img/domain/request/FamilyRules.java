package io.img2img.domain.request;

import io.img2img.domain.model.Model;
import io.img2img.domain.model.ModelFamily;
import io.img2img.domain.model.Range;
import io.img2img.domain.text.Numbers;
import io.img2img.domain.text.Texts;
import java.util.ArrayList;
import java.util.List;

/** The rules of a model's type family: its ranges ({@link ModelFamily}) and the fields only it takes. */
final class FamilyRules {
    private FamilyRules() {}

    /** The family rules alone (SPEC §3): sides, guidance, family-only fields, compliant base models. */
    static List<Violation> check(Img2ImgRequest r, Model m) {
        List<Violation> v = new ArrayList<>();
        ModelFamily family = m.family();
        if (!family.known()) {
            return v;
        }
        String type = m.type();
        checkSide(v, "width", r.width(), type);
        checkSide(v, "height", r.height(), type);
        Field guidance = FieldCatalogue.field("guidance");
        Range familyGuidance = family.guidance(guidance.range());
        // outside the generic range the generic rule has reported it already
        if (r.guidance() != null && !familyGuidance.contains(r.guidance()) && guidance.inRange(r.guidance())) {
            v.add(new Violation(
                    "guidance",
                    "must be within " + familyGuidance + " for a model of type " + type + "; got "
                            + Numbers.format(r.guidance())));
        }
        if (family == ModelFamily.FLUX_DEV) {
            if (r.negativePrompt() != null
                    && !r.negativePrompt().isBlank()
                    && (r.negativePromptStrength() == null || r.negativePromptStrength() <= 0)) {
                v.add(CrossFieldRule.FLUX_DEV_NEGATIVE_PROMPT_NEEDS_STRENGTH.violation(
                        type,
                        r.negativePromptStrength() == null ? "none" : Numbers.format(r.negativePromptStrength())));
            }
        } else if (r.negativePromptStrength() != null) {
            v.add(CrossFieldRule.NEGATIVE_PROMPT_STRENGTH_FLUX_DEV_ONLY.violation(type));
        }
        boolean lora = ModelFamily.isFluxLora(type);
        if (!lora && r.modelEpoch() != null) {
            v.add(CrossFieldRule.MODEL_EPOCH_FLUX_LORA_ONLY.violation(type));
        }
        if (!lora && r.baseModelId() != null) {
            v.add(CrossFieldRule.BASE_MODEL_FLUX_LORA_ONLY.violation(type));
        }
        if (lora && r.baseModelId() != null && !m.compliantModelIds().contains(r.baseModelId())) {
            v.add(CrossFieldRule.BASE_MODEL_COMPLIANT.violation(
                    m.compliantModelIds().isEmpty() ? "none listed" : String.join(", ", m.compliantModelIds()),
                    Texts.quote(r.baseModelId())));
        }
        return v;
    }

    private static void checkSide(List<Violation> v, String name, Integer given, String type) {
        Field f = FieldCatalogue.field(name);
        Range sides = ModelFamily.sides(type, f.range());
        int value = given != null ? given : ((Number) f.defaultValue()).intValue();
        // outside the generic range the generic rule has reported it already
        if (f.inRange(value) && !sides.contains(value)) {
            v.add(new Violation(
                    name,
                    "must be within " + sides + " for a model of type " + type + "; got " + value
                            + (given == null ? " (the default)" : "")));
        }
    }
}
