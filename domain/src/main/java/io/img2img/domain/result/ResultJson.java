package io.img2img.domain.result;

import io.img2img.domain.request.Violation;
import io.img2img.domain.text.Numbers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The result as a plain JSON tree; each front end only hands it to its JSON library. */
public final class ResultJson {

    private ResultJson() {}

    /** @param urlOf where this front end's client fetches an image (a REST URL, an MCP resource URI) */
    public static Map<String, Object> toMap(Img2ImgResult r, Function<ProducedImage, String> urlOf) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", r.backend());
        put(m, "jobId", r.jobId());
        put(m, "status", r.status() == null ? null : r.status().wireName());
        put(m, "progress", r.progress());
        put(m, "queuePosition", r.queuePosition());
        put(m, "seed", r.seed());
        put(m, "creativeUnitsCost", r.creativeUnitsCost() == null ? null : Numbers.schemaNumber(r.creativeUnitsCost()));
        if (r.status() != null || !r.images().isEmpty()) {
            m.put("images", r.images().stream().map(i -> image(i, urlOf)).toList());
        }
        if (r.dryRun()) {
            m.put("dryRun", true);
        }
        if (!r.notes().isEmpty()) {
            m.put("notes", r.notes());
        }
        if (r.error() != null) {
            m.put("error", error(r.error()));
        }
        return m;
    }

    public static Map<String, Object> error(ResultError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", e.code().wireName());
        m.put("message", e.message());
        m.put("violations", violations(e.violations()));
        if (e.retryAfter() != null) {
            m.put("retryAfterSeconds", ResultError.retryAfterSeconds(e.retryAfter()));
        }
        return m;
    }

    public static List<Map<String, Object>> violations(List<Violation> violations) {
        return violations.stream()
                .map(v -> Map.<String, Object>of("field", v.field(), "message", v.message()))
                .toList();
    }

    private static Map<String, Object> image(ProducedImage i, Function<ProducedImage, String> urlOf) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("assetId", i.assetId());
        put(m, "url", urlOf.apply(i));
        put(m, "remoteUrl", i.remoteUrl());
        m.put("mimeType", i.mimeType());
        m.put("width", i.width());
        m.put("height", i.height());
        put(m, "path", i.path());
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
