package io.img2img.domain.request;

import io.img2img.domain.id.Ids;
import io.img2img.domain.model.Model;
import io.img2img.domain.text.Texts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
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

    private RequestRules() {}

    /** Type errors and the generic rules together, each field reported once. */
    public static List<Violation> generic(ParsedRequest parsed) {
        return merge(parsed.typeErrors(), generic(parsed.request()));
    }

    /** The rules that hold whatever the model: the catalogue's (required, range, step, enum, size) and conflicts. */
    public static List<Violation> generic(Img2ImgRequest r) {
        List<Violation> v = new ArrayList<>();
        for (Field f : FieldCatalogue.FIELDS) {
            CatalogueRules.check(v, f, f.name(), RecordFields.get(r, f.name()));
        }
        modelIdShape(v, "modelId", r.modelId());
        if (r.concepts() != null
                && r.concepts().size() <= FieldCatalogue.field("concepts").maxItems()) {
            for (int i = 0; i < r.concepts().size(); i++) {
                modelIdShape(
                        v, "concepts[" + i + "].modelId", r.concepts().get(i).modelId());
            }
        }
        if (r.image() == null && r.imageId() == null) {
            v.add(CrossFieldRule.IMAGE_REQUIRED.violation());
        }
        if (r.image() != null && r.imageId() != null) {
            v.add(CrossFieldRule.IMAGE_OR_IMAGE_ID.violation());
        }
        if (r.imageId() != null && !Ids.isAssetId(r.imageId())) {
            v.add(new Violation(
                    "imageId", "must be an asset id (" + Ids.ASSET_ID_RULE + "); got " + Texts.quote(r.imageId())));
        }
        boolean dataUrl = r.image() instanceof ImageReference.DataUrl;
        if (r.imageParentId() != null && !dataUrl) {
            v.add(CrossFieldRule.PARENT_ONLY_WITH_DATA_URL.violation());
        }
        if (r.imageHide() != null && !dataUrl) {
            v.add(CrossFieldRule.HIDE_ONLY_WITH_DATA_URL.violation());
        }
        return v;
    }

    /** A model id goes into an upstream URL path: one that is not {@link Ids#isModelId} is never looked up. */
    private static void modelIdShape(List<Violation> v, String at, String id) {
        if (id != null && !id.isBlank() && !Ids.isModelId(id)) {
            v.add(new Violation(at, "must be a model id (" + Ids.MODEL_ID_RULE + "); got " + Texts.quote(id)));
        }
    }

    /**
     * The rules of the model's type family and the checks on the model and its concepts.
     *
     * @param model    the model, or empty when the catalogue does not know it
     * @param concepts each concept's model id to its model, empty when unknown
     */
    public static List<Violation> forModel(
            Img2ImgRequest r, Optional<Model> model, Map<String, Optional<Model>> concepts) {
        List<Violation> v = new ArrayList<>();
        if (!conceptModelIds(r).isEmpty()) {
            for (int i = 0; i < r.concepts().size(); i++) {
                String id = r.concepts().get(i).modelId();
                if (Ids.isModelId(id)
                        && concepts.getOrDefault(id, Optional.empty()).isEmpty()) {
                    v.add(new Violation("concepts[" + i + "].modelId", "model " + Texts.quote(id) + " was not found"));
                }
            }
        }
        if (model.isEmpty()) {
            v.add(new Violation("modelId", "model " + Texts.quote(Objects.toString(r.modelId())) + " was not found"));
            return v;
        }
        Model m = model.get();
        if (m.isCustom()) {
            v.add(new Violation(
                    "modelId",
                    "model " + Texts.quote(m.id()) + " is a custom model: Scenario runs those "
                            + "only through /generate/custom/{modelId}, not img2img"));
        }
        if (m.isUntrained()) {
            v.add(new Violation(
                    "modelId",
                    "model " + Texts.quote(m.id()) + " is not trained (status " + Texts.quote(m.status())
                            + "); wait for its training to finish"));
        }
        if (m.lacksImg2Img()) {
            v.add(new Violation(
                    "modelId",
                    "model " + Texts.quote(m.id()) + " does not support img2img (its capabilities: "
                            + String.join(", ", m.capabilities()) + ")"));
        }
        v.addAll(FamilyRules.check(r, m));
        return v;
    }

    /**
     * The distinct model ids of the concepts, each to be looked up before anything is paid; none when the
     * concepts break the catalogue's bound on their number (the generic rules report it), so that a long
     * list costs no look-up at all, and never one that is not a model id.
     */
    public static Set<String> conceptModelIds(Img2ImgRequest r) {
        Integer most = FieldCatalogue.field("concepts").maxItems();
        if (r.concepts() == null || r.concepts().size() > most) {
            return Set.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        r.concepts().stream().map(Concept::modelId).filter(Ids::isModelId).forEach(ids::add);
        return ids;
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
}
