package io.img2img.adapter.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.cache.BoundedLruMap;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.domain.id.Ids;
import io.img2img.domain.model.Model;
import io.img2img.domain.result.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GET /models/{modelId}, cached (and the model lists, {@link ScenarioModelList}): found models for {@link #FOUND_TTL}, unknown ones for
 * {@link #MISSING_TTL} (a model being created should not stay unknown long), at most
 * {@link #CAPACITY} entries.
 */
final class ScenarioModelCatalog implements ModelCatalog {
    static final Duration FOUND_TTL = Duration.ofMinutes(10);
    static final Duration MISSING_TTL = Duration.ofSeconds(30);
    static final int CAPACITY = 1_000;

    private record Cached(Optional<Model> model, long expiresNanos) {}

    private final ScenarioHttp http;
    private final Clock clock;
    private final BoundedLruMap<String, Cached> cache = new BoundedLruMap<>(CAPACITY);
    private final ScenarioModelList lists;

    ScenarioModelCatalog(ScenarioHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
        this.lists = new ScenarioModelList(http, clock);
    }

    @Override
    public ModelPage list(String cursor) throws BackendException {
        return lists.list(cursor);
    }

    @Override
    public Optional<Model> find(String modelId) throws BackendException {
        if (!Ids.isModelId(modelId)) { // it goes into a URL path: never a dot segment, never a '/' or '?'
            return Optional.empty();
        }
        Cached hit = cache.get(modelId);
        if (hit != null && hit.expiresNanos - clock.nanos() > 0) {
            return hit.model;
        }
        ScenarioAnswer answer = http.get(List.of("models", modelId), java.util.Map.of());
        Optional<Model> model;
        if (answer.code() == 404) {
            model = Optional.empty();
        } else if (answer.code() == 200 && answer.body().get("model") != null) {
            model = Optional.of(model(modelId, answer.body().get("model")));
        } else if (answer.code() == 200) {
            throw new BackendException(ErrorCode.UPSTREAM_FAILURE, "Scenario's model answer has no model");
        } else {
            throw ScenarioErrors.translate(answer.code(), answer.body(), null);
        }
        cache.put(modelId, new Cached(model, clock.nanos() + (model.isPresent() ? FOUND_TTL : MISSING_TTL).toNanos()));
        return model;
    }

    static Model model(String requestedId, JsonNode m) {
        return new Model(
                m.path("id").asText(requestedId),
                text(m, "type"),
                text(m, "status"),
                strings(m.get("capabilities")),
                m.path("custom").asBoolean(false),
                strings(m.get("compliantModelIds")));
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
