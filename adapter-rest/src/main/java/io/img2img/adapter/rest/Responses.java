package io.img2img.adapter.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.adapter.http.Problem;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.ResultJson;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Results and problems as HTTP answers, with the status SPEC §6 gives each. */
final class Responses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<String> publicUrl;

    Responses(Supplier<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** Writes the result with the status SPEC §6 gives it. */
    void respond(Context ctx, Img2ImgResult result) {
        respond(ctx, result, Map.of());
    }

    /** As {@link #respond(Context, Img2ImgResult)}, with more members for a job's answer (its webhooks). */
    void respond(Context ctx, Img2ImgResult result, Map<String, Object> more) {
        Map<String, String> headers = new LinkedHashMap<>();
        boolean job = result.jobId() != null && result.status() != null;
        if (result.error() != null && !job) {
            Problem p = Problem.of(result.error());
            problem(ctx, p);
            return;
        }
        int status = 200;
        if (result.inProgress()) {
            status = 202;
            headers.put("Location", "/v1/jobs/" + result.jobId());
        }
        Map<String, Object> tree = ResultJson.toMap(result, image -> publicUrl.get() + "/v1/assets/" + image.assetId());
        tree.putAll(more);
        String body = write(tree);
        headers.forEach(ctx::header);
        ctx.status(status).contentType("application/json").result(body);
    }

    static void problem(Context ctx, Problem p) {
        if (p.retryAfter() != null) {
            ctx.header("Retry-After", Long.toString(p.retryAfterSeconds()));
        }
        ctx.status(p.status()).contentType(Problem.CONTENT_TYPE).result(p.json());
    }

    /** A JSON body with the given status. */
    static void json(Context ctx, int status, Object value) {
        ctx.status(status).contentType("application/json").result(write(value));
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable as JSON", e);
        }
    }
}
