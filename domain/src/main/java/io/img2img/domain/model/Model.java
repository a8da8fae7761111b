package io.img2img.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * What the model catalogue knows of a model. {@code type}, {@code status} and {@code capabilities}
 * are {@code null} when the catalogue does not report them; the rules then skip the checks that need
 * them (they never guess).
 */
public record Model(String id, String type, String status, List<String> capabilities, boolean custom,
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

    public ModelFamily family() {
        return ModelFamily.of(type);
    }
}
