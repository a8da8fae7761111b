package io.img2img.application.port.out;

import io.img2img.domain.model.Model;

import java.util.Optional;

/** What the backend knows of a model: type, capabilities, custom flag, training status, compliant base models. */
public interface ModelCatalog {

    /** The model, or empty when it does not exist. */
    Optional<Model> find(String modelId) throws BackendException;
}
