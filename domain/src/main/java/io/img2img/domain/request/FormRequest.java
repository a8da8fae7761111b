package io.img2img.domain.request;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a request from the parts of a {@code multipart/form-data} body (SPEC §6): the reference image as a
 * file part {@code image} (or a text part holding an asset id or data URL), every other field as a text
 * part typed by its {@link FieldCatalogue} entry. The texts become the JSON tree the {@link RequestParser}
 * reads, so a form and the same request as JSON parse to equal requests, and each violation is worded
 * alike. A duplicate part, a file where text belongs, and a part that is no field are violations.
 */
public final class FormRequest {

    /** One part as a front end read it: {@code text}, or the bytes of a file ({@code file} non-null). */
    public record Part(String name, String text, byte[] file) {
        public static Part text(String name, String text) {
            return new Part(name, text, null);
        }

        public static Part file(String name, byte[] bytes) {
            return new Part(name, null, bytes);
        }
    }

    private FormRequest() {}

    /**
     * @param queryFlags as for {@link RequestParser#parse(Map, Map)}
     * @param jsonText   the front end's JSON reader, for fields of JSON type array ({@code concepts}): a plain
     *                   JSON tree, or an {@link IllegalArgumentException} saying why the text is not JSON
     */
    public static ParsedRequest parse(List<Part> parts, Map<String, ?> queryFlags, Function<String, Object> jsonText) {
        List<Violation> errors = new ArrayList<>();
        Map<String, Object> tree = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (Part part : parts) {
            if (!seen.add(part.name())) {
                duplicates.add(part.name());
                continue;
            }
            Optional<Field> field = FieldCatalogue.find(part.name());
            if (field.isEmpty()) {
                tree.put(part.name(), part.text()); // the parser names it, as for JSON
            } else if (part.file() != null) {
                file(field.get(), part.file(), tree, errors);
            } else {
                tree.put(part.name(), typed(field.get(), part.text(), jsonText, errors));
            }
        }
        for (String name : duplicates) {
            tree.remove(name);
            errors.add(new Violation(name, "is given more than once; send each part once"));
        }
        ParsedRequest parsed = RequestParser.parse(tree, queryFlags);
        return new ParsedRequest(parsed.request(), RequestRules.merge(errors, parsed.typeErrors()));
    }

    /** The image as its decoded bytes, never turned into a base64 text: it is held once. */
    private static void file(Field field, byte[] bytes, Map<String, Object> tree, List<Violation> errors) {
        if (!field.name().equals("image")) {
            errors.add(new Violation(field.name(), "must be a text part; got a file"));
            return;
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        if (format == null) {
            errors.add(new Violation(
                    "image",
                    bytes.length == 0 ? "the file is empty" : "the file is not a PNG, JPEG, WebP or GIF image"));
            return;
        }
        tree.put("image", new ImageReference.DataUrl(format.mimeType(), bytes));
    }

    /**
     * The text as the JSON value the field's type takes; a text that is not one is passed on as a string, so
     * the parser reports it as it reports a JSON string in that place. An empty text of a non-string field is
     * an absent field (what an HTML form sends for an empty input) — but a boolean is {@code true} or
     * {@code false} exactly, never empty.
     */
    private static Object typed(Field f, String text, Function<String, Object> jsonText, List<Violation> errors) {
        if (f.type() == JsonType.BOOLEAN) { // exact, as a query flag: an empty or "TRUE" dryRun must not spend money
            return text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : text;
        }
        if (text.isEmpty() && f.type() != JsonType.STRING) {
            return null;
        }
        return switch (f.type()) {
            case STRING, OBJECT -> text;
            case BOOLEAN -> throw new AssertionError("read above");
            case INTEGER, NUMBER -> number(f, text);
            case ARRAY -> {
                try {
                    yield jsonText.apply(text);
                } catch (IllegalArgumentException e) {
                    errors.add(new Violation(
                            f.name(), "must be JSON text: an array of " + f.itemShape() + "; " + e.getMessage()));
                    yield null;
                }
            }
        };
    }

    private static Object number(Field f, String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return text;
        }
        boolean integral = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
        if (f.type() == JsonType.INTEGER
                && integral
                && value.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
            return value.longValue(); // "512" and "512.0" as JSON's 512 and 512.0: the parser takes both
        }
        return value.doubleValue();
    }
}
