package io.img2img.domain.text;

/** Number formatting shared by messages and schemas: 512.0 prints as 512, 0.75 as 0.75. */
public final class Numbers {
    private Numbers() {}

    public static String format(Double value) {
        if (value == null) {
            return "null";
        }
        if (value == Math.rint(value) && Math.abs(value) <= 0x1p53) { // every integer a double holds exactly
            return Long.toString(value.longValue());
        }
        return Double.toString(value);
    }

    /** A JSON number as the schema shows it: integral values as Long, others as Double. */
    public static Number schemaNumber(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) (long) value : (Number) value;
    }
}
