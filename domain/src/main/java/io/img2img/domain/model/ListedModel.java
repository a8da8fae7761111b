package io.img2img.domain.model;

import java.util.Objects;

/** A model as a model list shows it: what the catalogue knows of it, and its name for people. */
public record ListedModel(Model model, String name) {
    public ListedModel {
        Objects.requireNonNull(model, "model");
        name = name == null || name.isBlank() ? model.id() : name;
    }
}
