package io.img2img.application.port.out;

import io.img2img.domain.result.ErrorCode;
import java.time.Duration;
import java.util.Objects;

/**
 * An expected failure of a backend or catalogue call, already translated: a code, a message fit
 * for the caller (never a secret), and a retry hint when the backend gave one.
 */
public class BackendException extends Exception {
    private final ErrorCode code;
    private final transient Duration retryAfter;

    public BackendException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public BackendException(ErrorCode code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code);
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    /** How long the backend asked us to wait before trying again, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
