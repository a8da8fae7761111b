package io.img2img.adapter.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.img2img.adapter.http.Problem;
import io.img2img.application.port.in.AssetContent;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.JobWebhooks;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.in.ReadAsset;
import io.img2img.application.port.in.WebhookRequest;
import io.img2img.domain.request.Field;
import io.img2img.domain.request.FieldCatalogue;
import io.img2img.domain.request.JsonBounds;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.result.ErrorCode;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** POST /v1/generate/img2img (JSON or a multipart form), GET /v1/jobs/{jobId}, GET /v1/assets/{assetId}. */
final class GenerationRoutes {
    static final Duration DEFAULT_GENERATE_WAIT = Duration.ofSeconds(60);
    /**
     * JSON read within {@link JsonBounds} (shared with {@code /mcp}), while it is read; strings as long as
     * the body limit allows (Jackson's own cap, 20 M characters, is a 15 MB image). adapter-mcp's ServerAssembly
     * builds the same mapper: no module both front ends may depend on holds Jackson, so only the bounds are shared.
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .maxTokenCount(JsonBounds.MAX_TOKENS)
                            .maxNestingDepth(JsonBounds.MAX_DEPTH)
                            .maxNumberLength(JsonBounds.MAX_NUMBER_LENGTH)
                            .maxNameLength(JsonBounds.MAX_NAME_LENGTH)
                            .build())
                    .build())
            // exactly one JSON value: "{...}}" or "{...}{...}" is malformed, never a job (whitespace may follow)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The query parameters of the generation route: the catalogue's query flags, nothing else. */
    static final Set<String> QUERY_FLAGS = FieldCatalogue.queryFlags().stream()
            .map(Field::name)
            .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));

    private final GenerateImage generateImage;
    private final GetJob getJob;
    private final ReadAsset assets;
    private final JobWebhooks webhooks;
    private final Responses responses;

    private final FormBody forms;

    private final String assetCaching;

    GenerationRoutes(RestUseCases useCases, Supplier<String> publicUrl, FormBody forms, String assetCaching) {
        this.forms = forms;
        this.assetCaching = assetCaching;
        this.generateImage = useCases.generate();
        this.getJob = useCases.getJob();
        this.assets = useCases.assets();
        this.webhooks = useCases.webhooks();
        this.responses = new Responses(publicUrl);
    }

    void generate(Context ctx) throws Exception {
        String type = ctx.header("Content-Type");
        String mediaType = type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
        boolean form = mediaType.startsWith("multipart/form-data");
        if (!form && !mediaType.startsWith("application/json")) {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                            "send the request as Content-Type: application/json, or as multipart/form-data with the image as a file part"));
            return;
        }
        String charset = charsetProblem(type);
        if (charset != null) {
            Responses.problem(ctx, Problem.of(ErrorCode.UNSUPPORTED_CHARSET, charset));
            return;
        }
        WebhookFields.Read hookQuery = WebhookFields.query(ctx.req().getQueryString());
        QueryFlags.Read query = QueryFlags.booleans(hookQuery.rest(), QUERY_FLAGS);
        if (!hookQuery.errors().isEmpty()) {
            query = new QueryFlags.Read(
                    query.flags(),
                    java.util.stream.Stream.concat(hookQuery.errors().stream(), query.errors().stream())
                            .toList());
        }
        if (!query.errors().isEmpty()) {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.INVALID_QUERY,
                            "the query is refused, so that no "
                                    + "dry run can become a billed job: "
                                    + query.errors().get(0).field() + " "
                                    + query.errors().get(0).message(),
                            query.errors(),
                            null));
            return;
        }
        Map<String, Object> flags = query.flags();
        ParsedRequest request;
        if (form) {
            request = forms.read(ctx, flags);
        } else {
            Map<String, Object> body = parseObject(ctx);
            request = body == null ? null : RequestParser.parse(body, flags);
        }
        if (request == null) {
            return; // answered already
        }
        WebhookFields.Read hook =
                form ? WebhookFields.both(hookQuery, ctx.attribute(WebhookFields.ATTRIBUTE)) : hookQuery;
        if (!hook.errors().isEmpty()) {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.INVALID_REQUEST,
                            hook.errors().get(0).field() + " "
                                    + hook.errors().get(0).message(),
                            hook.errors(),
                            null));
            return;
        }
        Duration wait = Prefer.waitOf(ctx.header("Prefer"), DEFAULT_GENERATE_WAIT);
        String key = ctx.header("Idempotency-Key");
        if (key != null && (key.isBlank() || key.length() > 255)) {
            Responses.problem(
                    ctx, Problem.of(ErrorCode.INVALID_IDEMPOTENCY_KEY, "Idempotency-Key must be 1 to 255 characters"));
            return;
        }
        // the same key and request (the same request once parsed, JSON or form) give the same job: the ledger keeps
        // keys
        responses.respond(
                ctx,
                hook.given()
                        ? generateImage.generate(
                                request,
                                key,
                                wait,
                                ProgressListener.NONE,
                                ClientKey.of(ctx.req()),
                                new WebhookRequest(hook.url(), hook.events()))
                        : generateImage.generate(request, key, wait, ProgressListener.NONE, ClientKey.of(ctx.req())));
    }

    /**
     * Why the Content-Type's charset is refused ({@code null}: none given, or UTF-8): JSON is UTF-8 (RFC 8259), and a
     * charset the server would not decode with must never make it drop or misread anything.
     */
    static String charsetProblem(String contentType) {
        for (String parameter : contentType.split(";")) {
            String p = parameter.strip();
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            if (!name.equals("charset")) {
                continue;
            }
            String value = eq < 0 ? "" : p.substring(eq + 1).strip().replaceAll("^\"|\"$", "");
            if (!value.equalsIgnoreCase("utf-8")) {
                return "the charset " + (value.isEmpty() ? "(empty)" : io.img2img.domain.text.Texts.quote(value))
                        + " of the Content-Type is not supported: send UTF-8 (charset=utf-8, or no charset)";
            }
        }
        return null;
    }

    void job(Context ctx) {
        io.img2img.domain.result.Img2ImgResult result = getJob.get(
                ctx.pathParam("jobId"), Prefer.waitOf(ctx.header("Prefer"), Duration.ZERO), ProgressListener.NONE);
        java.util.List<JobWebhooks.Delivery> deliveries =
                result.jobId() == null ? java.util.List.of() : webhooks.of(result.jobId());
        responses.respond(
                ctx,
                result,
                deliveries.isEmpty()
                        ? Map.of()
                        : Map.of(
                                "webhooks",
                                deliveries.stream()
                                        .map(GenerationRoutes::delivery)
                                        .toList()));
    }

    /** A webhook delivery as the job's answer shows it (SPEC §6). */
    private static Map<String, Object> delivery(JobWebhooks.Delivery d) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("webhookId", d.webhookId());
        m.put("event", d.event());
        m.put("url", d.url());
        m.put("state", d.state());
        m.put("attempts", d.attempts());
        if (d.lastStatus() != null) {
            m.put("lastStatus", d.lastStatus());
        }
        if (d.lastError() != null) {
            m.put("lastError", d.lastError());
        }
        if (d.lastAttemptAt() != null) {
            m.put("lastAttemptAt", d.lastAttemptAt().toString());
        }
        if (d.nextAttemptAt() != null) {
            m.put("nextAttemptAt", d.nextAttemptAt().toString());
        }
        return m;
    }

    void asset(Context ctx) throws IOException {
        String assetId = ctx.pathParam("assetId");
        Optional<AssetContent> asset = assets.read(assetId);
        if (asset.isEmpty()) {
            Responses.problem(ctx, Problem.of(ErrorCode.UNKNOWN_ASSET, "no asset " + assetId + " on this server"));
            return;
        }
        ctx.contentType(asset.get().mimeType());
        ctx.header("Content-Length", Long.toString(asset.get().sizeBytes()));
        ctx.header("Cache-Control", assetCaching);
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
            Responses.problem(ctx, Problem.of(ErrorCode.MALFORMED_JSON, "the body must be a JSON object"));
        } catch (StreamConstraintsException e) {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.BODY_TOO_COMPLEX,
                            "the body breaks a bound on JSON (" + JsonBounds.describe()
                                    + "); a request has at most 23 fields"));
        } catch (MismatchedInputException e) { // a value after the object: Jackson's message names its own feature
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.MALFORMED_JSON,
                            "the body must be exactly one JSON object, with nothing but whitespace after it"));
        } catch (JsonProcessingException e) {
            Responses.problem(
                    ctx, Problem.of(ErrorCode.MALFORMED_JSON, "the body is not valid JSON: " + e.getOriginalMessage()));
        }
        return null;
    }
}
