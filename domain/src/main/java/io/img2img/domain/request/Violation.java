package io.img2img.domain.request;

import java.util.List;
import java.util.Objects;

/**
 * One broken rule: the field it concerns and a message saying the rule and the value received.
 *
 * @param unlisted how many further violations this entry stands for, left out of the list to keep it
 *                 short (0 for an ordinary violation); counts stay true however many are listed
 */
public record Violation(String field, String message, int unlisted) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    public Violation(String field, String message) {
        this(field, message, 0);
    }

    /** How many violations a list holds, counting those an entry stands for. */
    public static int count(List<Violation> violations) {
        return violations.stream().mapToInt(v -> 1 + v.unlisted()).sum();
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
