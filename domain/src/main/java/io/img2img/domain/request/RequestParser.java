package io.img2img.domain.request;

import io.img2img.domain.text.Numbers;
import io.img2img.domain.text.Texts;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request from a plain JSON tree ({@code Map}/{@code List}/{@code String}/{@code Number}/
 * {@code Boolean}, as every JSON library produces) and reports each field whose JSON type is wrong.
 * A JSON {@code null} is an absent field. Integer fields accept integral numbers written as
 * {@code 512.0}. Fields that are not among the 23 are violations (typos such as {@code negative_prompt}).
 */
public final class RequestParser {

    private RequestParser() {
    }

    public static ParsedRequest parse(Map<String, ?> body) {
        return parse(body, Map.of());
    }

    /**
     * @param queryFlags {@code dryRun} / {@code originalAssets} given beside the body (REST query
     *                   flags), as booleans or the strings "true"/"false"; they must agree with the body
     */
    public static ParsedRequest parse(Map<String, ?> body, Map<String, ?> queryFlags) {
        Reader r = new Reader(body == null ? Map.of() : body);
        boolean fieldsListed = false;
        for (String name : body == null ? List.<String>of() : body.keySet()) {
            if (FieldCatalogue.find(name).isEmpty()) {
                String like = similarField(name);
                r.errors.add(new Violation(name, "is not a field of this request"
                        + (like == null ? "" : "; did you mean " + like + "?")
                        + (fieldsListed ? "" : " (the fields are " + String.join(", ", FIELD_NAMES) + ")")));
                fieldsListed = true; // once: each message repeating 23 names made a body of unknown fields huge
            }
        }
        String imageText = r.string("image");
        ImageReference image = null;
        if (imageText != null) {
            ImageReference.Parsed parsed = ImageReference.parse(imageText);
            image = parsed.reference();
            if (parsed.error() != null) {
                r.errors.add(new Violation("image", parsed.error()));
            }
        }
        Img2ImgRequest request = new Img2ImgRequest(
                r.string("modelId"), r.string("prompt"), image, r.string("imageId"), r.string("imageParentId"),
                r.bool("imageHide"), r.number("strength"), r.seed(), r.integer("numSamples"),
                r.integer("numInferenceSteps"), r.number("guidance"), r.integer("width"), r.integer("height"),
                r.string("scheduler"), r.string("negativePrompt"), r.number("negativePromptStrength"), r.concepts(),
                r.string("modelEpoch"), r.string("baseModelId"), r.bool("hideResults"), r.bool("intermediateImages"),
                r.flag("originalAssets", queryFlags), r.flag("dryRun", queryFlags));
        return new ParsedRequest(request, r.errors.list());
    }

    private static final List<String> FIELD_NAMES = FieldCatalogue.FIELDS.stream().map(Field::name).toList();
    private static final Map<String, String> FIELDS_LOOSELY = FIELD_NAMES.stream()
            .collect(java.util.stream.Collectors.toMap(RequestParser::loose, name -> name));

    /** The field a misspelt name means when they differ only in case, '_' or '-' (negative_prompt), else null. */
    private static String similarField(String name) {
        return FIELDS_LOOSELY.get(loose(name));
    }

    private static String loose(String name) {
        return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static final class Reader {
        private final Map<String, ?> body;
        private final ViolationLog errors = new ViolationLog();

        Reader(Map<String, ?> body) {
            this.body = body;
        }

        String string(String name) {
            return asString(name, body.get(name));
        }

        private String asString(String name, Object v) {
            if (v == null || v instanceof String) {
                return (String) v;
            }
            typeError(name, "a string", v);
            return null;
        }

        Boolean bool(String name) {
            return asBoolean(name, body.get(name));
        }

        private Boolean asBoolean(String name, Object v) {
            if (v == null || v instanceof Boolean) {
                return (Boolean) v;
            }
            typeError(name, "a boolean", v);
            return null;
        }

        Double number(String name) {
            return asNumber(name, body.get(name));
        }

        private Double asNumber(String name, Object v) {
            if (v == null) {
                return null;
            }
            if (v instanceof Number n) {
                double d = n.doubleValue();
                if (Double.isFinite(d)) {
                    return d;
                }
            }
            typeError(name, "a number", v);
            return null;
        }

        Integer integer(String name) {
            Object v = body.get(name);
            Double d = v instanceof Number ? asNumber(name, v) : null;
            if (v == null || (v instanceof Number && d == null)) {
                return null;
            }
            if (d == null || d != Math.rint(d)) {
                typeError(name, "an integer", v);
                return null;
            }
            if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
                Field field = FieldCatalogue.field(name);
                errors.add(new Violation(name, "must be within " + field.rangeText() + "; got " + Texts.show(v)));
                return null;
            }
            return d.intValue();
        }

        /** The seed: a string of digits or a JSON integer, 0 <= seed < 2^53. */
        Long seed() {
            Object v = body.get("seed");
            if (v == null) {
                return null;
            }
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                long seed = ((Number) v).longValue(); // the common case, without BigDecimal
                return seedInRange(seed >= 0 && seed < FieldCatalogue.MAX_SEED_EXCLUSIVE, v) ? seed : null;
            }
            BigDecimal value = null;
            if (v instanceof String s && isDigits(s)) {
                value = new BigDecimal(s);
            } else if (v instanceof BigInteger) {
                value = new BigDecimal(v.toString());
            } else if (v instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() == Math.rint(n.doubleValue())) {
                value = new BigDecimal(n.toString());
            }
            if (value == null) {
                errors.add(new Violation("seed", "must be a string of digits or a JSON integer; got " + Texts.show(v)));
                return null;
            }
            boolean inRange = value.signum() >= 0 && value.compareTo(BigDecimal.valueOf(FieldCatalogue.MAX_SEED_EXCLUSIVE)) < 0;
            return seedInRange(inRange, v) ? value.longValueExact() : null;
        }

        private boolean seedInRange(boolean inRange, Object v) {
            if (!inRange) {
                errors.add(new Violation("seed", "must be >= 0 and < 2^53 (9007199254740992); got " + v));
            }
            return inRange;
        }

        /** 1 to 30 ASCII digits: longer texts are refused before BigDecimal sees them. */
        private static boolean isDigits(String s) {
            if (s.isEmpty() || s.length() > 30) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        List<Concept> concepts() {
            Object v = body.get("concepts");
            if (v == null) {
                return null;
            }
            if (!(v instanceof List<?> list)) {
                typeError("concepts", "an array of {modelId, scale, modelEpoch?}", v);
                return null;
            }
            List<Concept> concepts = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String at = "concepts[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> item)) {
                    typeError(at, "an object {modelId, scale, modelEpoch?}", list.get(i));
                    continue;
                }
                int before = errors.size();
                for (Object key : item.keySet()) {
                    if (FieldCatalogue.CONCEPT_FIELDS.stream().noneMatch(f -> f.name().equals(key))) {
                        errors.add(new Violation(at + "." + key, "is not a field of a concept (modelId, scale, modelEpoch)"));
                    }
                }
                String modelId = asString(at + ".modelId", item.get("modelId"));
                Double scale = asNumber(at + ".scale", item.get("scale"));
                String epoch = asString(at + ".modelEpoch", item.get("modelEpoch"));
                if ((modelId == null && item.get("modelId") == null) || (modelId != null && modelId.isBlank())) {
                    errors.add(new Violation(at + ".modelId", "is required and must not be blank"));
                }
                if (scale == null && item.get("scale") == null) {
                    errors.add(new Violation(at + ".scale", "is required: a number within [-2, 2]"));
                }
                if (scale != null && !FieldCatalogue.CONCEPT_FIELDS.get(1).inRange(scale)) {
                    errors.add(new Violation(at + ".scale", "must be within [-2, 2]; got " + Numbers.format(scale)));
                }
                if (errors.size() > before) {
                    continue;
                }
                concepts.add(new Concept(modelId, scale, epoch));
            }
            // items keep their positions in messages: with a broken item the list is dropped, the rest checked here
            return concepts.size() == list.size() ? concepts : null;
        }

        /** A flag that may come in the body and as a query flag; both must agree when both are given. */
        Boolean flag(String name, Map<String, ?> queryFlags) {
            Boolean inBody = bool(name);
            Object q = queryFlags == null ? null : queryFlags.get(name);
            if (q == null) {
                return inBody;
            }
            Boolean inQuery = q instanceof Boolean b ? b : null;
            if (q instanceof String s) {
                String t = s.trim().toLowerCase(Locale.ROOT);
                inQuery = t.equals("true") || t.equals("1") || t.isEmpty() ? Boolean.TRUE
                        : t.equals("false") || t.equals("0") ? Boolean.FALSE : null;
            }
            if (inQuery == null) {
                errors.add(new Violation(name, "query flag must be true or false; got " + Texts.show(q)));
                return inBody;
            }
            if (inBody != null && !inBody.equals(inQuery)) {
                errors.add(new Violation(name, "the body says " + inBody + " but the query flag says " + inQuery
                        + "; give it once, or give the same value"));
                return null;
            }
            return inQuery;
        }

        private void typeError(String name, String expected, Object v) {
            errors.add(new Violation(name, "must be " + expected + "; got " + describe(v)));
        }

        private static String describe(Object v) {
            return v instanceof String s ? "the string " + Texts.quote(s) : Texts.show(v);
        }
    }
}
