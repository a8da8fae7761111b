package io.img2img.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * What the model catalogue knows of a model. {@code type}, {@code status} and {@code capabilities}
 * are {@code null} when the catalogue does not report them; the rules then skip the checks that need
 * them (they never guess).
 */
public record Model(
        String id,
        String type,
        String status,
        List<String> capabilities,
        boolean custom,
        List<String> compliantModelIds) {

    public Model {
        Objects.requireNonNull(id, "id");
        capabilities = capabilities == null ? null : List.copyOf(capabilities);
        compliantModelIds = compliantModelIds == null ? List.of() : List.copyOf(compliantModelIds);
    }

    /** A model of which nothing is known but its id (the local backend accepts every model this way). */
    public static Model unknown(String id) {
        return new Model(id, null, null, null, false, List.of());
    }

    /** Scenario runs a custom model only through /generate/custom/{modelId}, never img2img. */
    public boolean isCustom() {
        return custom || "custom".equals(type);
    }

    /** Reports a training status other than trained (no status: not refused, never guessed). */
    public boolean isUntrained() {
        return status != null && !"trained".equals(status);
    }

    /** Reports capabilities without img2img (none reported: not refused, never guessed). */
    public boolean lacksImg2Img() {
        return capabilities != null && !capabilities.contains("img2img");
    }

    /** Passes the checks on the model itself that come before anything is paid (SPEC §3). */
    public boolean runsImg2Img() {
        return !isCustom() && !isUntrained() && !lacksImg2Img();
    }

    public ModelFamily family() {
        return ModelFamily.of(type);
    }
}
