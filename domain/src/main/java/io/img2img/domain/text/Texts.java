package io.img2img.domain.text;

/** Quoting values into messages without letting a huge value make a huge message. */
public final class Texts {
    private static final int MAX = 60;

    private Texts() {}

    public static String quote(String value) {
        String shown = value.length() > MAX ? value.substring(0, MAX) + "… (" + value.length() + " characters)" : value;
        return "\"" + shown.replace("\n", "\\n") + "\"";
    }

    /** A received JSON value as a message shows it. */
    public static String show(Object value) {
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Number n) {
            return Numbers.format(n.doubleValue());
        }
        if (value instanceof java.util.List<?>) {
            return "an array";
        }
        if (value instanceof java.util.Map<?, ?>) {
            return "an object";
        }
        return String.valueOf(value);
    }
}
