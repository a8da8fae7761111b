package io.img2img.adapter.local;

import io.img2img.application.port.out.ModelCatalog;
import io.img2img.domain.model.ListedModel;
import io.img2img.domain.model.Model;
import java.util.List;
import java.util.Optional;

/**
 * The local backend runs no model: every model id is accepted as one of unknown type, and the list holds
 * the one procedural pseudo-model, named so nobody takes it for an AI model.
 */
final class LocalModelCatalog implements ModelCatalog {
    static final ListedModel PROCEDURAL = new ListedModel(
            new Model("local-procedural", "local-procedural", null, null, false, List.of()),
            "Local procedural renderer (not an AI model)");

    @Override
    public Optional<Model> find(String modelId) {
        return Optional.of(Model.unknown(modelId));
    }

    @Override
    public ModelPage list(String cursor) {
        return new ModelPage(List.of(PROCEDURAL), null);
    }
}
