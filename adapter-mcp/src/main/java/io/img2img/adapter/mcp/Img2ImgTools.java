package io.img2img.adapter.mcp;

import io.img2img.application.port.in.CancelJob;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.ResultError;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The handlers of the generation, job and cancel tools. Expected outcomes (invalid input, refusals, failed jobs) come back from the
 * services as results and leave here as {@code isError} tool results; an unexpected exception is
 * logged and answered the same way, so one bad call never takes the server down.
 */
final class Img2ImgTools {
    private static final Logger LOG = LoggerFactory.getLogger(Img2ImgTools.class);
    /** Where {@link McpHttpServlet} puts the log context of the request that carried a call (its request id). */
    static final String LOG_CONTEXT = "img2img.logContext";

    private final GenerateImage generate;
    private final GetJob getJob;
    private final CancelJob cancelJob;
    private final ResultContent content;
    private final LocalImageFiles localFiles;
    private final Duration wait;
    private final String backend;

    Img2ImgTools(
            GenerateImage generate,
            GetJob getJob,
            CancelJob cancelJob,
            ResultContent content,
            LocalImageFiles localFiles,
            Duration wait,
            String backend) {
        this.generate = generate;
        this.getJob = getJob;
        this.cancelJob = cancelJob;
        this.content = content;
        this.localFiles = localFiles;
        this.wait = wait;
        this.backend = backend;
    }

    List<SyncToolSpecification> specifications() {
        return List.of(
                new SyncToolSpecification(
                        ToolDefinitions.generate(backend, wait.toSeconds(), localFiles.allowed()), this::generate),
                new SyncToolSpecification(ToolDefinitions.getJob(wait.toSeconds()), this::getJob),
                new SyncToolSpecification(ToolDefinitions.cancelJob(), this::cancelJob));
    }

    CallToolResult generate(McpSyncServerExchange exchange, CallToolRequest request) {
        return guarded(exchange, () -> {
            Map<String, Object> arguments =
                    new LinkedHashMap<>(request.arguments() == null ? Map.of() : request.arguments());
            // the tool's own argument, never a Scenario field: taken out before the request is read
            Object key = arguments.remove(ToolDefinitions.IDEMPOTENCY_KEY);
            if (key != null && !(key instanceof String s && !s.isBlank() && s.length() <= 255)) {
                return Img2ImgResult.error(
                        backend,
                        ResultError.invalid(List.of(new Violation(
                                ToolDefinitions.IDEMPOTENCY_KEY, "must be a string of 1 to 255 characters"))));
            }
            Optional<Violation> fileError = localFiles.resolve(arguments);
            ParsedRequest parsed = RequestParser.parse(arguments);
            if (fileError.isPresent()) {
                List<Violation> typeErrors = new ArrayList<>(fileError.stream().toList());
                parsed.typeErrors().stream()
                        .filter(v -> !v.field().equals("image"))
                        .forEach(typeErrors::add);
                parsed = new ParsedRequest(parsed.request(), typeErrors);
            }
            return generate.generate(parsed, (String) key, wait, new ProgressRelay(exchange, request.progressToken()));
        });
    }

    CallToolResult getJob(McpSyncServerExchange exchange, CallToolRequest request) {
        return guarded(exchange, () -> {
            Object jobId =
                    request.arguments() == null ? null : request.arguments().get("jobId");
            return getJob.get(
                    jobId instanceof String s ? s : null, wait, new ProgressRelay(exchange, request.progressToken()));
        });
    }

    CallToolResult cancelJob(McpSyncServerExchange exchange, CallToolRequest request) {
        return guarded(exchange, () -> {
            Object jobId =
                    request.arguments() == null ? null : request.arguments().get("jobId");
            return cancelJob.cancel(jobId instanceof String s ? s : null);
        });
    }

    /** The call, in the log context of the HTTP request that carried it (none over stdio). */
    private CallToolResult guarded(McpSyncServerExchange exchange, Supplier<Img2ImgResult> call) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        if (exchange.transportContext() != null
                && exchange.transportContext().get(LOG_CONTEXT) instanceof Map<?, ?> log) {
            log.forEach((k, v) -> MDC.put(String.valueOf(k), String.valueOf(v)));
        }
        try {
            return guarded(call);
        } finally {
            MDC.setContextMap(before == null ? Map.of() : before);
        }
    }

    private CallToolResult guarded(Supplier<Img2ImgResult> call) {
        Img2ImgResult result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            LOG.error("tool call failed unexpectedly", e);
            result = Img2ImgResult.error(
                    backend,
                    ResultError.of(
                            ErrorCode.INTERNAL,
                            "the server failed unexpectedly (its log has the details); the call may be retried"));
        }
        return content.render(result);
    }
}
