package io.img2img.domain.request;

import io.img2img.domain.text.Numbers;

import java.util.List;

/**
 * One entry of the field catalogue: everything a front end needs to describe a request field
 * (JSON Schema, OpenAPI, error messages) and everything the rules need to check it.
 *
 * @param minimum      inclusive lower bound for numbers, or {@code null}
 * @param maximum      inclusive upper bound for numbers, or {@code null}
 * @param multipleOf   for integers that must be a multiple of a step, or {@code null}
 * @param defaultValue the value used when the field is absent (for every model type), or {@code null}
 * @param allowed      the allowed strings (an enum), empty when free
 * @param alsoInteger  a string field that also accepts a JSON integer (the seed)
 * @param items        for arrays of objects: the fields of each item
 */
public record Field(String name, JsonType type, boolean required, Double minimum, Double maximum,
                    Integer multipleOf, Object defaultValue, List<String> allowed, boolean alsoInteger,
                    List<Field> items, String description) {

    public Field {
        allowed = List.copyOf(allowed);
        items = List.copyOf(items);
    }

    static Field of(String name, JsonType type, String description) {
        return new Field(name, type, false, null, null, null, null, List.of(), false, List.of(), description);
    }

    Field mandatory() {
        return new Field(name, type, true, minimum, maximum, multipleOf, defaultValue, allowed, alsoInteger, items, description);
    }

    Field range(double min, double max) {
        return new Field(name, type, required, min, max, multipleOf, defaultValue, allowed, alsoInteger, items, description);
    }

    Field multipleOf(int step) {
        return new Field(name, type, required, minimum, maximum, step, defaultValue, allowed, alsoInteger, items, description);
    }

    Field defaultsTo(Object value) {
        return new Field(name, type, required, minimum, maximum, multipleOf, value, allowed, alsoInteger, items, description);
    }

    Field oneOf(List<String> values) {
        return new Field(name, type, required, minimum, maximum, multipleOf, defaultValue, values, alsoInteger, items, description);
    }

    Field orInteger() {
        return new Field(name, type, required, minimum, maximum, multipleOf, defaultValue, allowed, true, items, description);
    }

    Field itemsOf(List<Field> itemFields) {
        return new Field(name, type, required, minimum, maximum, multipleOf, defaultValue, allowed, alsoInteger, itemFields, description);
    }

    /** "[64, 2048]" for messages; integers print without a decimal point. */
    public String rangeText() {
        return "[" + Numbers.format(minimum) + ", " + Numbers.format(maximum) + "]";
    }

    public boolean inRange(double value) {
        return (minimum == null || value >= minimum) && (maximum == null || value <= maximum);
    }
}
