package io.img2img.application.request;

import io.img2img.application.ServicePolicy;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.ImageSize;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.domain.id.Ids;
import io.img2img.domain.model.Model;
import io.img2img.domain.request.ImageReference;
import io.img2img.domain.request.Img2ImgRequest;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestRules;
import io.img2img.domain.request.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The full validation before anything is spent: type errors, generic rules, the model checks through
 * the catalogue and the input image's bounds, all together.
 */
public final class RequestValidator {
    private final ModelCatalog catalog;
    private final ImageCodec codec;
    private final ServicePolicy policy;

    public RequestValidator(ModelCatalog catalog, ImageCodec codec, ServicePolicy policy) {
        this.catalog = catalog;
        this.codec = codec;
        this.policy = policy;
    }

    /** The outcome: the model (when found) and every violation. */
    public record Outcome(Optional<Model> model, List<Violation> violations) {}

    public Outcome validate(ParsedRequest parsed) throws BackendException {
        Img2ImgRequest r = parsed.request();
        List<Violation> violations = RequestRules.generic(parsed);
        Optional<Model> model = Optional.empty();
        if (Ids.isModelId(r.modelId())) { // anything else is a generic violation, never an upstream call
            model = catalog.find(r.modelId());
            Map<String, Optional<Model>> concepts = new HashMap<>();
            for (String id : RequestRules.conceptModelIds(r)) { // none past the bound on their number
                concepts.put(id, catalog.find(id));
            }
            violations = RequestRules.merge(violations, RequestRules.forModel(r, model, concepts));
        }
        violations = RequestRules.merge(violations, imageBounds(r.image()));
        return new Outcome(model, violations);
    }

    private List<Violation> imageBounds(ImageReference image) {
        List<Violation> v = new ArrayList<>();
        if (image instanceof ImageReference.DataUrl data) {
            if (data.bytes().length > policy.maxImageBytes()) {
                v.add(new Violation(
                        "image",
                        "decoded image is " + data.bytes().length + " bytes; at most " + policy.maxImageBytes()
                                + " are accepted"));
                return v;
            }
            try {
                ImageSize size = codec.size(data.bytes());
                if (size.pixels() > policy.maxImagePixels()) {
                    v.add(new Violation(
                            "image",
                            "image is " + size.width() + "x" + size.height() + " (" + size.pixels()
                                    + " pixels); at most " + policy.maxImagePixels() + " pixels are accepted"));
                }
            } catch (ImageCodec.InvalidImageException e) {
                v.add(new Violation("image", "cannot be read as an image: " + e.getMessage()));
            }
        }
        return v;
    }
}
