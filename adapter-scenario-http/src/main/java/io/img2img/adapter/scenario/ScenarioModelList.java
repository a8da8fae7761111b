package io.img2img.adapter.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.cache.BoundedLruMap;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.ModelCatalog.ModelPage;
import io.img2img.domain.model.ListedModel;
import io.img2img.domain.result.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models a Scenario team can use (models-list.md): its private models ({@code GET /models}), then
 * Scenario's official public ones ({@code GET /models/public?tags=sc:scenario}), one page of Scenario's
 * per call, read as a tolerant reader ({@code {models, nextPaginationToken}}, unknown fields ignored). The
 * cursor is opaque to clients: which list and Scenario's token, base64url. Pages are cached for
 * {@link #TTL}, at most {@link #CAPACITY}.
 */
final class ScenarioModelList {
    static final Duration TTL = Duration.ofSeconds(60);
    static final int CAPACITY = 200;
    static final int PAGE_SIZE = 100;
    private static final int MAX_CURSOR_LENGTH = 2048;
    private static final String PRIVATE = "private:";
    private static final String PUBLIC = "public:";

    private record Cached(ModelPage page, long expiresNanos) {}

    private final ScenarioHttp http;
    private final Clock clock;
    private final BoundedLruMap<String, Cached> cache = new BoundedLruMap<>(CAPACITY);

    ScenarioModelList(ScenarioHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    ModelPage list(String cursor) throws BackendException {
        String position = cursor == null ? PRIVATE : decode(cursor);
        Cached hit = cache.get(position);
        if (hit != null && hit.expiresNanos - clock.nanos() > 0) {
            return hit.page;
        }
        boolean publicModels = position.startsWith(PUBLIC);
        String token = position.substring(publicModels ? PUBLIC.length() : PRIVATE.length());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("pageSize", Integer.toString(PAGE_SIZE));
        if (publicModels) {
            query.put("tags", "sc:scenario");
        }
        if (!token.isEmpty()) {
            query.put("paginationToken", token);
        }
        ScenarioAnswer answer = http.get(publicModels ? List.of("models", "public") : List.of("models"), query);
        if (answer.code() != 200) {
            throw ScenarioErrors.translate(answer.code(), answer.body(), null);
        }
        List<ListedModel> models = new ArrayList<>();
        for (JsonNode m : answer.body().path("models")) {
            if (m.path("id").isTextual()) {
                models.add(new ListedModel(
                        ScenarioModelCatalog.model(m.get("id").asText(), m),
                        m.path("name").asText(null)));
            }
        }
        String nextToken = answer.body().path("nextPaginationToken").asText("");
        String next =
                !nextToken.isEmpty() ? (publicModels ? PUBLIC : PRIVATE) + nextToken : publicModels ? null : PUBLIC;
        ModelPage page = new ModelPage(models, next == null ? null : encode(next));
        cache.put(position, new Cached(page, clock.nanos() + TTL.toNanos()));
        return page;
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) throws BackendException {
        try {
            String position = cursor.length() > MAX_CURSOR_LENGTH
                    ? ""
                    : new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (position.startsWith(PRIVATE) || position.startsWith(PUBLIC)) {
                return position;
            }
        } catch (IllegalArgumentException e) {
            // not base64url: not one of ours
        }
        throw new BackendException(
                ErrorCode.INVALID_REQUEST,
                "is not a cursor this server gave out: pass the "
                        + "nextCursor of the previous page, or none for the first page");
    }
}
