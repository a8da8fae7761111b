package io.img2img.adapter.mcp;

import io.img2img.application.port.in.ProgressListener;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes a job's progress to the client: {@code notifications/progress} (0–1 of total 1, never
 * decreasing) when the call carried a progressToken, and a log notification whenever the message
 * changes. A client that went away must not stop the job, so sending failures are only logged.
 */
final class ProgressRelay implements ProgressListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressRelay.class);

    private final McpSyncServerExchange exchange;
    private final Object progressToken;
    private double last;
    private String lastMessage;

    ProgressRelay(McpSyncServerExchange exchange, Object progressToken) {
        this.exchange = exchange;
        this.progressToken = progressToken;
    }

    @Override
    public synchronized void onProgress(double progress, String message) {
        last = Math.max(last, Double.isNaN(progress) ? 0 : Math.min(1, Math.max(0, progress)));
        try {
            if (progressToken != null) {
                exchange.progressNotification(new McpSchema.ProgressNotification(progressToken, last, 1.0, message));
            }
            if (!Objects.equals(message, lastMessage)) {
                lastMessage = message;
                exchange.loggingNotification(McpSchema.LoggingMessageNotification.builder()
                        .level(McpSchema.LoggingLevel.INFO)
                        .logger("img2img")
                        .data(message)
                        .build());
            }
        } catch (RuntimeException e) {
            LOG.debug("could not send progress to the client: {}", e.getMessage());
        }
    }
}
