package io.img2img.domain.request;

import io.img2img.domain.text.Texts;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request from a plain JSON tree ({@code Map}/{@code List}/{@code String}/{@code Number}/
 * {@code Boolean}, as every JSON library produces) and reports each field whose JSON type is wrong.
 * A JSON {@code null} is an absent field. Integer fields accept integral numbers written as
 * {@code 512.0}. Fields that are not among the 23 are violations (typos such as {@code negative_prompt}).
 * {@code image} may also hold an {@link ImageReference} read already (a form's file part, {@link FormRequest}).
 */
public final class RequestParser {

    private RequestParser() {}

    public static ParsedRequest parse(Map<String, ?> body) {
        return parse(body, Map.of());
    }

    /**
     * @param queryFlags {@code dryRun} / {@code originalAssets} given beside the body (REST query
     *                   flags), as booleans or exactly the strings "true"/"false"; they must agree with the body
     */
    public static ParsedRequest parse(Map<String, ?> body, Map<String, ?> queryFlags) {
        FieldReader r = new FieldReader();
        boolean fieldsListed = false;
        for (String name : body == null ? List.<String>of() : body.keySet()) {
            if (FieldCatalogue.find(name).isEmpty()) {
                String like = similarField(name);
                r.errors.add(new Violation(
                        name,
                        "is not a field of this request"
                                + (like == null ? "" : "; did you mean " + like + "?")
                                + (fieldsListed ? "" : " (the fields are " + String.join(", ", FIELD_NAMES) + ")")));
                fieldsListed = true; // once: each message repeating 23 names made a body of unknown fields huge
            }
        }
        Map<String, Object> values = new HashMap<>();
        for (Field f : FieldCatalogue.FIELDS) {
            Object raw = body == null ? null : body.get(f.name());
            // an image already read (a form's file part) is taken as it is: its bytes are never re-encoded
            Object value =
                    raw instanceof ImageReference image && f.name().equals("image") ? image : r.read(f, f.name(), raw);
            values.put(f.name(), f.queryFlag() ? flag(r, f.name(), (Boolean) value, queryFlags) : value);
        }
        // the one field whose Java type differs from its JSON type: the text becomes a checked reference
        if (values.get("image") instanceof String imageText) {
            ImageReference.Parsed parsed = ImageReference.parse(imageText);
            values.put("image", parsed.reference());
            if (parsed.error() != null) {
                r.errors.add(new Violation("image", parsed.error()));
            }
        }
        Img2ImgRequest request = RecordFields.create(Img2ImgRequest.class, values);
        return new ParsedRequest(request, r.errors.list());
    }

    private static final List<String> FIELD_NAMES =
            FieldCatalogue.FIELDS.stream().map(Field::name).toList();
    private static final Map<String, String> FIELDS_LOOSELY =
            FIELD_NAMES.stream().collect(java.util.stream.Collectors.toMap(RequestParser::loose, name -> name));

    /** The field a misspelt name means when they differ only in case, '_' or '-' (negative_prompt), else null. */
    private static String similarField(String name) {
        return FIELDS_LOOSELY.get(loose(name));
    }

    private static String loose(String name) {
        return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** A flag that may come in the body and as a query flag; both must agree when both are given. */
    private static Boolean flag(FieldReader r, String name, Boolean inBody, Map<String, ?> queryFlags) {
        Object q = queryFlags == null ? null : queryFlags.get(name);
        if (q == null) {
            return inBody;
        }
        Boolean inQuery = q instanceof Boolean b ? b : null;
        if (q instanceof String s) { // exact (SPEC §6): "1", "yes", "TRUE" or "" must not decide whether money is spent
            inQuery = s.equals("true") ? Boolean.TRUE : s.equals("false") ? Boolean.FALSE : null;
        }
        if (inQuery == null) {
            r.errors.add(new Violation(name, "query flag must be true or false; got " + Texts.show(q)));
            return inBody;
        }
        if (inBody != null && !inBody.equals(inQuery)) {
            r.errors.add(new Violation(
                    name,
                    "the body says " + inBody + " but the query flag says " + inQuery
                            + "; give it once, or give the same value"));
            return null;
        }
        return inQuery;
    }
}
