package io.img2img.domain.request;

import io.img2img.domain.text.Numbers;
import io.img2img.domain.text.Texts;
import java.util.List;

/**
 * The rules every catalogue entry declares (required, range, multiple-of, enum, most items, and the
 * same for each item of an array), checked by looping over the entries: no field is named here.
 */
final class CatalogueRules {
    private CatalogueRules() {}

    /** One field's catalogue rules; an array's items are checked field by field, after its size. */
    static void check(List<Violation> v, Field f, String at, Object value) {
        if (f.required() && (value == null || value instanceof String s && s.isBlank())) {
            v.add(missing(f, at));
        }
        if (value instanceof Number n) {
            range(v, f, at, n);
        }
        if (value instanceof String s && !f.allowed().isEmpty() && !f.allowed().contains(s)) {
            v.add(new Violation(at, "must be one of " + String.join(", ", f.allowed()) + "; got " + Texts.quote(s)));
        }
        if (value instanceof List<?> list) {
            if (f.maxItems() != null && list.size() > f.maxItems()) {
                v.add(new Violation(at, "must have at most " + f.maxItems() + " entries; got " + list.size()));
                return; // each item would be a model look-up: past the bound, none is checked further
            }
            for (int i = 0; i < list.size(); i++) {
                checkItem(v, f, at + "[" + i + "]", (Record) list.get(i));
            }
        }
    }

    /** The catalogue rules of one item of an array field, {@code at} naming it ("concepts[2]"). */
    static void checkItem(List<Violation> v, Field array, String at, Record item) {
        for (Field f : array.items()) {
            check(v, f, at + "." + f.name(), RecordFields.get(item, f.name()));
        }
    }

    /** The message for a required field without a value: text must not be blank, a number must be in range. */
    static Violation missing(Field f, String at) {
        return new Violation(
                at,
                f.type() == JsonType.STRING
                        ? "is required and must not be blank"
                        : "is required: a " + f.type().schemaName()
                                + (f.range() == null ? "" : " within " + f.range()));
    }

    /** "must be within [0, 9007199254740991]; got ..." */
    static String outOfRange(Field f, Object value) {
        return "must be within " + f.rangeText() + "; got "
                + (value instanceof Number n && !(value instanceof Double)
                        ? n.toString()
                        : value instanceof Double d ? Numbers.format(d) : Texts.show(value));
    }

    private static void range(List<Violation> v, Field f, String at, Number value) {
        double d = value.doubleValue();
        if (f.multipleOf() != null && (!f.inRange(d) || d % f.multipleOf() != 0)) {
            v.add(new Violation(
                    at,
                    "must be a multiple of " + f.multipleOf() + " within " + f.rangeText() + "; got "
                            + Numbers.format(d)));
        } else if (f.minimum() != null && !f.inRange(d)) { // NaN is in no range
            v.add(new Violation(at, outOfRange(f, value)));
        }
    }
}
