package io.img2img.domain.request;

import io.img2img.domain.model.Range;
import java.util.List;
import java.util.function.Function;

/**
 * One entry of the field catalogue: everything a front end needs to describe a request field
 * (JSON Schema, OpenAPI, error messages) and everything the parser and the rules need to read and
 * check it. Each fact about a field is declared here once.
 *
 * @param minimum      inclusive lower bound for numbers, or {@code null}
 * @param maximum      inclusive upper bound for numbers, or {@code null}
 * @param multipleOf   for integers that must be a multiple of a step, or {@code null}
 * @param defaultValue the value used when the field is absent (for every model type), or {@code null}
 * @param allowed      the allowed strings (an enum), empty when free
 * @param pattern      the regular expression a string value must match, or {@code null}
 * @param alsoInteger  a string field that also accepts a JSON integer (the seed)
 * @param queryFlag    a boolean that may also come as a REST query flag (it must then agree with the body)
 * @param maxItems     for arrays: the most entries, or {@code null}
 * @param items        for arrays of objects: the fields of each item
 */
public record Field(
        String name,
        JsonType type,
        boolean required,
        Double minimum,
        Double maximum,
        Integer multipleOf,
        Object defaultValue,
        List<String> allowed,
        String pattern,
        boolean alsoInteger,
        boolean queryFlag,
        Integer maxItems,
        List<Field> items,
        String description) {

    public Field {
        allowed = List.copyOf(allowed);
        items = List.copyOf(items);
    }

    static Builder of(String name, JsonType type) {
        return new Builder(name, type);
    }

    Field withDescription(String text) {
        return new Field(
                name,
                type,
                required,
                minimum,
                maximum,
                multipleOf,
                defaultValue,
                allowed,
                pattern,
                alsoInteger,
                queryFlag,
                maxItems,
                items,
                text);
    }

    /** The range as rules and messages use it, or {@code null} for a field without one. */
    public Range range() {
        return minimum == null ? null : new Range(minimum, maximum);
    }

    /** "[64, 2048]" for messages; integers print without a decimal point. */
    public String rangeText() {
        return range().toString();
    }

    public boolean inRange(double value) {
        return (minimum == null || value >= minimum) && (maximum == null || value <= maximum);
    }

    /** "{modelId, scale, modelEpoch?}": the shape of an item, for messages. */
    public String itemShape() {
        return "{"
                + String.join(
                        ", ",
                        items.stream()
                                .map(f -> f.name + (f.required ? "" : "?"))
                                .toList()) + "}";
    }

    /** Declares a field step by step; {@link #description} ends the declaration. */
    static final class Builder {
        private final String name;
        private final JsonType type;
        private boolean required;
        private Double minimum;
        private Double maximum;
        private Integer multipleOf;
        private Object defaultValue;
        private List<String> allowed = List.of();
        private String pattern;
        private boolean alsoInteger;
        private boolean queryFlag;
        private Integer maxItems;
        private List<Field> items = List.of();

        private Builder(String name, JsonType type) {
            this.name = name;
            this.type = type;
        }

        Builder mandatory() {
            required = true;
            return this;
        }

        Builder range(double min, double max) {
            minimum = min;
            maximum = max;
            return this;
        }

        Builder multipleOf(int step) {
            multipleOf = step;
            return this;
        }

        Builder defaultsTo(Object value) {
            defaultValue = value;
            return this;
        }

        Builder oneOf(List<String> values) {
            allowed = values;
            return this;
        }

        Builder matching(String regex) {
            pattern = regex;
            return this;
        }

        Builder orInteger() {
            alsoInteger = true;
            return this;
        }

        Builder alsoQueryFlag() {
            queryFlag = true;
            return this;
        }

        Builder itemsOf(int most, List<Field> itemFields) {
            maxItems = most;
            items = itemFields;
            return this;
        }

        Field description(String description) {
            return new Field(
                    name,
                    type,
                    required,
                    minimum,
                    maximum,
                    multipleOf,
                    defaultValue,
                    allowed,
                    pattern,
                    alsoInteger,
                    queryFlag,
                    maxItems,
                    items,
                    description);
        }

        /** A description written from the field's own declaration (its range, step, items), never re-typed. */
        Field described(Function<Field, String> text) {
            return description(text.apply(description("")));
        }
    }
}
