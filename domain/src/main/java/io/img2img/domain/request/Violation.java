package io.img2img.domain.request;

import java.util.Objects;

/** One broken rule: the field it concerns and a message saying the rule and the value received. */
public record Violation(String field, String message) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
