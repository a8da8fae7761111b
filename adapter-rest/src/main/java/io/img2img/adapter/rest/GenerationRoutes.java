package io.img2img.adapter.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.in.AssetContent;
import io.img2img.application.port.in.ReadAsset;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.result.ResultJson;
import io.javalin.http.Context;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** POST /v1/generate/img2img, GET /v1/jobs/{jobId}, GET /v1/assets/{assetId}. */
final class GenerationRoutes {
    static final Duration DEFAULT_GENERATE_WAIT = Duration.ofSeconds(60);
    /**
     * The most JSON tokens (names, values, brackets) read from one body. A request needs a few hundred;
     * the bound keeps a body of a million tiny values from becoming a million objects in memory.
     */
    static final int MAX_JSON_TOKENS = 100_000;
    /** Strings as long as the body limit allows (Jackson's own cap, 20 M characters, is a 15 MB image). */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxTokenCount(MAX_JSON_TOKENS).build())
            .build());
    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final GenerateImage generateImage;
    private final GetJob getJob;
    private final ReadAsset assets;
    private final IdempotencyKeys keys = new IdempotencyKeys(10_000);
    private final Supplier<String> publicUrl;

    GenerationRoutes(RestUseCases useCases, Supplier<String> publicUrl) {
        this.generateImage = useCases.generate();
        this.getJob = useCases.getJob();
        this.assets = useCases.assets();
        this.publicUrl = publicUrl;
    }

    void generate(Context ctx) throws Exception {
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).trim().startsWith("application/json")) {
            problem(ctx, Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                    "send the request as Content-Type: application/json"));
            return;
        }
        Map<String, Object> body = parseObject(ctx);
        if (body == null) {
            return;
        }
        Map<String, Object> flags = new LinkedHashMap<>();
        for (String flag : new String[]{"dryRun", "originalAssets"}) {
            if (ctx.queryParam(flag) != null) {
                flags.put(flag, ctx.queryParam(flag));
            }
        }
        Duration wait = Prefer.waitOf(ctx.header("Prefer"), DEFAULT_GENERATE_WAIT);
        String key = ctx.header("Idempotency-Key");
        if (key == null) {
            respond(ctx, generateImage.generate(RequestParser.parse(body, flags), wait, ProgressListener.NONE));
            return;
        }
        if (key.isBlank() || key.length() > 255) {
            problem(ctx, Problem.of(400, "invalid-idempotency-key", "Bad Request", "Idempotency-Key must be 1 to 255 characters"));
            return;
        }
        idempotent(ctx, key, fingerprint(body, flags), () -> RequestParser.parse(body, flags), wait);
    }

    private void idempotent(Context ctx, String key, String fingerprint, Supplier<ParsedRequest> request, Duration wait)
            throws Exception {
        IdempotencyKeys.Entry existing = keys.reserveOrGet(key, fingerprint, System.nanoTime());
        if (existing == null) {
            try {
                Img2ImgResult result = generateImage.generate(request.get(), wait, ProgressListener.NONE);
                IdempotencyKeys.Answer answer = respond(ctx, result);
                keys.get(key).settle(result.jobId(), result.jobId() == null ? answer : null);
            } catch (RuntimeException | Error e) {
                keys.forget(key); // nothing was started by this key that we know of: let a retry try again
                throw e;
            }
            return;
        }
        if (!existing.fingerprint.equals(fingerprint)) {
            problem(ctx, Problem.of(422, "idempotency-key-reused", "Unprocessable Content", "Idempotency-Key " + key
                    + " was already used with a different request; use a new key for a new request"));
            return;
        }
        if (!existing.awaitSettled(wait)) {
            problem(ctx, new Problem(409, "idempotency-key-in-use", "Conflict", "the first request with Idempotency-Key "
                    + key + " is still being started; retry shortly", java.util.List.of(), Duration.ofSeconds(2)));
            return;
        }
        if (existing.jobId() != null) {
            respond(ctx, getJob.get(existing.jobId(), wait, ProgressListener.NONE));
        } else {
            IdempotencyKeys.Answer answer = existing.answer();
            answer.headers().forEach(ctx::header);
            ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
        }
    }

    void job(Context ctx) {
        respond(ctx, getJob.get(ctx.pathParam("jobId"), Prefer.waitOf(ctx.header("Prefer"), Duration.ZERO),
                ProgressListener.NONE));
    }

    void asset(Context ctx) throws IOException {
        String assetId = ctx.pathParam("assetId");
        Optional<AssetContent> asset = assets.read(assetId);
        if (asset.isEmpty()) {
            problem(ctx, Problem.of(404, "unknown-asset", "Not Found", "no asset " + assetId + " on this server"));
            return;
        }
        ctx.contentType(asset.get().mimeType());
        ctx.header("Content-Length", Long.toString(asset.get().sizeBytes()));
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.result(asset.get().content());
    }

    /** The body as a JSON object, or {@code null} after answering 400. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseObject(Context ctx) throws IOException {
        try {
            // straight from the request to maps and lists, in one pass without a copy of the body: the
            // gate filter has already held the body to IMG2IMG_MAX_BODY_BYTES
            Object value = JSON.readValue(ctx.req().getInputStream(), Object.class);
            if (value instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
            problem(ctx, Problem.of(400, "malformed-json", "Bad Request", "the body must be a JSON object"));
        } catch (StreamConstraintsException e) {
            problem(ctx, Problem.of(400, "body-too-complex", "Bad Request", "the body holds more than "
                    + MAX_JSON_TOKENS + " JSON values and names; a request has at most 23 fields"));
        } catch (JsonProcessingException e) {
            problem(ctx, Problem.of(400, "malformed-json", "Bad Request", "the body is not valid JSON: "
                    + e.getOriginalMessage()));
        }
        return null;
    }

    /** Writes the result with the status SPEC §6 gives it; returns what was sent. */
    IdempotencyKeys.Answer respond(Context ctx, Img2ImgResult result) {
        Map<String, String> headers = new LinkedHashMap<>();
        boolean job = result.jobId() != null && result.status() != null;
        if (result.error() != null && !job) {
            Problem p = Problem.of(result.error());
            if (p.retryAfter() != null) {
                headers.put("Retry-After", Long.toString(p.retryAfterSeconds()));
            }
            headers.forEach(ctx::header);
            problem(ctx, p);
            return new IdempotencyKeys.Answer(p.status(), Problem.CONTENT_TYPE, p.json(), headers);
        }
        int status = 200;
        if (result.inProgress()) {
            status = 202;
            headers.put("Location", "/v1/jobs/" + result.jobId());
        }
        String body = write(ResultJson.toMap(result, image -> publicUrl.get() + "/v1/assets/" + image.assetId()));
        headers.forEach(ctx::header);
        ctx.status(status).contentType("application/json").result(body);
        return new IdempotencyKeys.Answer(status, "application/json", body, headers);
    }

    static void problem(Context ctx, Problem p) {
        if (p.retryAfter() != null) {
            ctx.header("Retry-After", Long.toString(p.retryAfterSeconds()));
        }
        ctx.status(p.status()).contentType(Problem.CONTENT_TYPE).result(p.json());
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result not serialisable", e);
        }
    }

    /** Same JSON once parsed, query flags included: same fingerprint. */
    private static String fingerprint(Map<String, Object> body, Map<String, Object> flags) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(Map.of("body", body, "flags", flags));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
