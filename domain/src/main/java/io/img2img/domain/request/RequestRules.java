package io.img2img.domain.request;

import io.img2img.domain.model.Model;
import io.img2img.domain.model.ModelFamily;
import io.img2img.domain.text.Numbers;
import io.img2img.domain.text.Texts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules that decide, before anything is spent, whether a request can run: the generic rules of
 * the field catalogue, the rules of the model's type family, and the checks on the model itself.
 * Each method returns every violation it finds, never only the first.
 */
public final class RequestRules {

    private RequestRules() {
    }

    /** Type errors and the generic rules together, each field reported once. */
    public static List<Violation> generic(ParsedRequest parsed) {
        return merge(parsed.typeErrors(), generic(parsed.request()));
    }

    /** The rules that hold whatever the model: required fields, ranges, steps, enum, conflicts. */
    public static List<Violation> generic(Img2ImgRequest r) {
        List<Violation> v = new ArrayList<>();
        requireText(v, "modelId", r.modelId());
        requireText(v, "prompt", r.prompt());
        if (r.image() == null && r.imageId() == null) {
            v.add(new Violation("image", "is required: give image (a data URL or an asset id) or the deprecated imageId"));
        }
        if (r.image() != null && r.imageId() != null) {
            v.add(new Violation("imageId", "conflicts with image: give only one of image and imageId"));
        }
        if (r.imageId() != null && !ImageReference.isAssetId(r.imageId())) {
            v.add(new Violation("imageId", "must be an asset id (asset_ followed by letters, digits, _ or -); got "
                    + Texts.quote(r.imageId())));
        }
        boolean dataUrl = r.image() instanceof ImageReference.DataUrl;
        if (r.imageParentId() != null && !dataUrl) {
            v.add(new Violation("imageParentId", "applies only when image is a data URL"));
        }
        if (r.imageHide() != null && !dataUrl) {
            v.add(new Violation("imageHide", "applies only when image is a data URL"));
        }
        range(v, "strength", r.strength());
        range(v, "numSamples", r.numSamples());
        range(v, "numInferenceSteps", r.numInferenceSteps());
        range(v, "guidance", r.guidance());
        range(v, "width", r.width());
        range(v, "height", r.height());
        range(v, "negativePromptStrength", r.negativePromptStrength());
        if (r.scheduler() != null && !FieldCatalogue.SCHEDULERS.contains(r.scheduler())) {
            v.add(new Violation("scheduler", "must be one of " + String.join(", ", FieldCatalogue.SCHEDULERS)
                    + "; got " + Texts.quote(r.scheduler())));
        }
        if (r.seed() != null && (r.seed() < 0 || r.seed() >= FieldCatalogue.MAX_SEED_EXCLUSIVE)) {
            v.add(new Violation("seed", "must be >= 0 and < 2^53; got " + r.seed()));
        }
        List<Concept> concepts = r.concepts() == null ? List.of() : r.concepts();
        for (int i = 0; i < concepts.size(); i++) {
            Concept c = concepts.get(i);
            requireText(v, "concepts[" + i + "].modelId", c.modelId());
            if (c.scale() < -2 || c.scale() > 2 || Double.isNaN(c.scale())) {
                v.add(new Violation("concepts[" + i + "].scale", "must be within [-2, 2]; got " + Numbers.format(c.scale())));
            }
        }
        return v;
    }

    /**
     * The rules of the model's type family and the checks on the model and its concepts.
     *
     * @param model    the model, or empty when the catalogue does not know it
     * @param concepts each concept's model id to its model, empty when unknown
     */
    public static List<Violation> forModel(Img2ImgRequest r, Optional<Model> model, Map<String, Optional<Model>> concepts) {
        List<Violation> v = new ArrayList<>();
        if (r.concepts() != null) {
            for (int i = 0; i < r.concepts().size(); i++) {
                String id = r.concepts().get(i).modelId();
                if (concepts.getOrDefault(id, Optional.empty()).isEmpty()) {
                    v.add(new Violation("concepts[" + i + "].modelId", "model " + Texts.quote(id) + " was not found"));
                }
            }
        }
        if (model.isEmpty()) {
            v.add(new Violation("modelId", "model " + Texts.quote(Objects.toString(r.modelId())) + " was not found"));
            return v;
        }
        Model m = model.get();
        if (m.custom() || "custom".equals(m.type())) {
            v.add(new Violation("modelId", "model " + Texts.quote(m.id()) + " is a custom model: Scenario runs those "
                    + "only through /generate/custom/{modelId}, not img2img"));
        }
        if (m.status() != null && !"trained".equals(m.status())) {
            v.add(new Violation("modelId", "model " + Texts.quote(m.id()) + " is not trained (status "
                    + Texts.quote(m.status()) + "); wait for its training to finish"));
        }
        if (m.capabilities() != null && !m.capabilities().contains("img2img")) {
            v.add(new Violation("modelId", "model " + Texts.quote(m.id()) + " does not support img2img (its capabilities: "
                    + String.join(", ", m.capabilities()) + ")"));
        }
        v.addAll(family(r, m));
        return v;
    }

    /** The family rules alone (SPEC §3): sides, guidance, family-only fields, compliant base models. */
    public static List<Violation> family(Img2ImgRequest r, Model m) {
        List<Violation> v = new ArrayList<>();
        ModelFamily family = m.family();
        if (!family.known()) {
            return v;
        }
        String type = m.type();
        int minSide = ModelFamily.minSide(type);
        int maxSide = ModelFamily.maxSide(type);
        checkSide(v, "width", r.width(), minSide, maxSide, type);
        checkSide(v, "height", r.height(), minSide, maxSide, type);
        if (r.guidance() != null && (r.guidance() < family.guidanceMin() || r.guidance() > family.guidanceMax())
                && r.guidance() >= 0 && r.guidance() <= 20) {
            v.add(new Violation("guidance", "must be within [" + Numbers.format(family.guidanceMin()) + ", "
                    + Numbers.format(family.guidanceMax()) + "] for a model of type " + type + "; got "
                    + Numbers.format(r.guidance())));
        }
        if (family == ModelFamily.FLUX_DEV) {
            if (r.negativePrompt() != null && !r.negativePrompt().isBlank()
                    && (r.negativePromptStrength() == null || r.negativePromptStrength() <= 0)) {
                v.add(new Violation("negativePromptStrength", "must be > 0 when negativePrompt is given on a flux dev "
                        + "model (type " + type + "); got " + (r.negativePromptStrength() == null ? "none"
                        : Numbers.format(r.negativePromptStrength()))));
            }
        } else if (r.negativePromptStrength() != null) {
            v.add(new Violation("negativePromptStrength", "applies only to flux dev models; model type is " + type));
        }
        boolean lora = ModelFamily.isFluxLora(type);
        if (!lora && r.modelEpoch() != null) {
            v.add(new Violation("modelEpoch", "applies only to Flux LoRA models; model type is " + type));
        }
        if (!lora && r.baseModelId() != null) {
            v.add(new Violation("baseModelId", "applies only to Flux LoRA models; model type is " + type));
        }
        if (lora && r.baseModelId() != null && !m.compliantModelIds().contains(r.baseModelId())) {
            v.add(new Violation("baseModelId", "must be one of the model's compliantModelIds ("
                    + (m.compliantModelIds().isEmpty() ? "none listed" : String.join(", ", m.compliantModelIds()))
                    + "); got " + Texts.quote(r.baseModelId())));
        }
        return v;
    }

    private static void checkSide(List<Violation> v, String name, Integer given, int min, int max, String type) {
        int value = given != null ? given : ((Number) FieldCatalogue.field(name).defaultValue()).intValue();
        boolean genericallyValid = value >= 64 && value <= 2048; // else the generic rule already reports it
        if (genericallyValid && (value < min || value > max)) {
            v.add(new Violation(name, "must be within [" + min + ", " + max + "] for a model of type " + type + "; got "
                    + value + (given == null ? " (the default)" : "")));
        }
    }

    /** Concatenates violation lists, leaving out rules on a field that already has a type error. */
    public static List<Violation> merge(List<Violation> first, List<Violation> then) {
        List<Violation> all = new ArrayList<>(first);
        if (first.isEmpty() || then.isEmpty()) { // a valid request: both (runs on every request)
            all.addAll(then);
            return all;
        }
        Set<String> reported = new HashSet<>();
        first.forEach(x -> reported.add(x.field()));
        for (Violation x : then) {
            if (!reported.contains(x.field())) {
                all.add(x);
            }
        }
        return all;
    }

    private static void requireText(List<Violation> v, String name, String value) {
        if (value == null || value.isBlank()) {
            v.add(new Violation(name, "is required and must not be blank"));
        }
    }

    private static void range(List<Violation> v, String name, Number value) {
        if (value == null) {
            return;
        }
        Field f = FieldCatalogue.field(name);
        double d = value.doubleValue();
        if (f.multipleOf() != null && (!f.inRange(d) || d % f.multipleOf() != 0)) {
            v.add(new Violation(name, "must be a multiple of " + f.multipleOf() + " within " + f.rangeText() + "; got "
                    + Numbers.format(d)));
        } else if (!f.inRange(d)) {
            v.add(new Violation(name, "must be within " + f.rangeText() + "; got " + Numbers.format(d)));
        }
    }
}
