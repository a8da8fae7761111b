package io.img2img.domain.result;

import io.img2img.domain.request.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Why a request produced no (or not all) images.
 *
 * @param retryAfter when retrying makes sense, how long to wait first; otherwise {@code null}
 */
public record ResultError(ErrorCode code, String message, List<Violation> violations, Duration retryAfter) {
    /** The wait suggested when a busy answer has no better hint of its own. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    public ResultError {
        Objects.requireNonNull(code);
        Objects.requireNonNull(message);
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    /** A wait as the whole seconds every answer states (Retry-After, retryAfterSeconds): rounded up, at least 1. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    public static ResultError of(ErrorCode code, String message) {
        return new ResultError(code, message, List.of(), null);
    }

    public static ResultError invalid(List<Violation> violations) {
        String summary = summary(violations) + " ";
        return new ResultError(
                ErrorCode.INVALID_REQUEST,
                summary
                        + String.join(
                                "; ",
                                violations.stream().map(Violation::toString).toList()),
                violations,
                null);
    }

    /** "1 field is invalid:" or "150 fields are invalid:", counting the violations left out of the list too. */
    public static String summary(List<Violation> violations) {
        int count = Violation.count(violations);
        return count == 1 ? "1 field is invalid:" : count + " fields are invalid:";
    }
}
