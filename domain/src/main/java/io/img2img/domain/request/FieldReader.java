package io.img2img.domain.request;

import io.img2img.domain.text.Texts;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads one field's value as its catalogue entry types it, collecting a violation for each value of the
 * wrong JSON type: a type error leaves the field {@code null}, so the rules skip it and it is reported once.
 */
final class FieldReader {
    final ViolationLog errors = new ViolationLog();

    /** The value of one field as its JSON type says, or {@code null} after reporting a type error. */
    Object read(Field f, String at, Object v) {
        if (v == null) {
            return null;
        }
        return switch (f.type()) {
            case STRING -> f.alsoInteger() ? digitsOrInteger(f, at, v) : asString(at, v);
            case BOOLEAN -> asBoolean(at, v);
            case NUMBER -> asNumber(at, v);
            case INTEGER -> asInteger(f, at, v);
            case ARRAY -> ArrayReader.items(this, f, at, v);
            case OBJECT -> throw new IllegalStateException("no request field is a bare object: " + at);
        };
    }

    private String asString(String at, Object v) {
        if (v instanceof String s) {
            return s;
        }
        typeError(at, "a string", v);
        return null;
    }

    private Boolean asBoolean(String at, Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        typeError(at, "a boolean", v);
        return null;
    }

    private Double asNumber(String at, Object v) {
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        typeError(at, "a number", v);
        return null;
    }

    private Integer asInteger(Field f, String at, Object v) {
        double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!(v instanceof Number) || !Double.isFinite(d)) {
            typeError(at, v instanceof Number ? "a number" : "an integer", v);
            return null;
        }
        if (d != Math.rint(d)) {
            typeError(at, "an integer", v);
            return null;
        }
        if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) { // out of every range; the rules see no value
            errors.add(new Violation(at, "must be within " + f.rangeText() + "; got " + Texts.show(v)));
            return null;
        }
        return (int) d;
    }

    /**
     * A string of digits (the field's pattern) or a JSON integer, as a long; the range is the rules'.
     * A value past every long is out of the field's range, reported here as the rules would.
     */
    private Long digitsOrInteger(Field f, String at, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue(); // the common case, without BigDecimal
        }
        BigDecimal value = null;
        if (v instanceof String s
                && s.length() <= 30
                && s.matches(f.pattern())) { // longer texts never reach BigDecimal
            value = new BigDecimal(s);
        } else if (v instanceof BigInteger) {
            value = new BigDecimal(v.toString());
        } else if (v instanceof Number n
                && Double.isFinite(n.doubleValue())
                && n.doubleValue() == Math.rint(n.doubleValue())) {
            value = new BigDecimal(n.toString());
        }
        if (value == null) {
            errors.add(new Violation(at, "must be a string of digits or a JSON integer; got " + Texts.show(v)));
            return null;
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException tooLarge) {
            errors.add(new Violation(at, CatalogueRules.outOfRange(f, v)));
            return null;
        }
    }

    void typeError(String name, String expected, Object v) {
        errors.add(new Violation(name, "must be " + expected + "; got " + describe(v)));
    }

    private static String describe(Object v) {
        return v instanceof String s ? "the string " + Texts.quote(s) : Texts.show(v);
    }
}
