package io.img2img.adapter.rest;

import io.img2img.domain.request.Violation;
import io.img2img.domain.text.Texts;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The query of a route that can spend money, read strictly (SPEC §6: a dry run must never turn into a billed
 * job): the raw query string decoded as UTF-8 whatever the body's charset; every name must be one of the route's
 * own, written exactly; a boolean flag is {@code true} or {@code false}, given once. Anything else is a
 * violation naming the parameter — never a silently ignored flag or a default.
 */
final class QueryFlags {
    private QueryFlags() {}

    /** The flags read, or the violations that refuse the request. */
    record Read(Map<String, Object> flags, List<Violation> errors) {}

    /**
     * One whole-number parameter of a read-only route, by the same rules: its name exact, given once, a whole number
     * from {@code min} to {@code max}; absent, {@code defaultValue}.
     */
    static Read whole(String rawQuery, String name, int min, int max, int defaultValue) {
        List<Violation> errors = new ArrayList<>();
        Map<String, List<String>> given = given(rawQuery, errors);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(name, defaultValue);
        given.forEach((n, v) -> {
            if (!n.equals(name)) {
                errors.add(unknown(n, Set.of(name)));
            } else if (v.size() > 1) {
                errors.add(new Violation(n, "is given " + v.size() + " times; give it once"));
            } else if (v.get(0) != null
                    && v.get(0).matches("[0-9]{1,9}")
                    && Integer.parseInt(v.get(0)) >= min
                    && Integer.parseInt(v.get(0)) <= max) {
                values.put(n, Integer.parseInt(v.get(0)));
            } else {
                errors.add(new Violation(
                        n,
                        "must be a whole number from " + min + " to " + max + "; got "
                                + (v.get(0) == null ? "no value" : Texts.quote(v.get(0)))));
            }
        });
        return new Read(values, errors);
    }

    static Read booleans(String rawQuery, Set<String> names) {
        List<Violation> errors = new ArrayList<>();
        Map<String, List<String>> given = given(rawQuery, errors);
        Map<String, Object> flags = new LinkedHashMap<>();
        given.forEach((name, values) -> {
            if (!names.contains(name)) {
                errors.add(unknown(name, names));
            } else if (values.size() > 1) {
                errors.add(new Violation(name, "is given " + values.size() + " times; give it once"));
            } else if ("true".equals(values.get(0)) || "false".equals(values.get(0))) {
                flags.put(name, Boolean.valueOf(values.get(0)));
            } else {
                errors.add(new Violation(
                        name,
                        "must be true or false; got "
                                + (values.get(0) == null ? "no value" : Texts.quote(values.get(0)))));
            }
        });
        return new Read(flags, errors);
    }

    /** The raw query's parameters by name, each with every value given (null: a name without {@code =}). */
    private static Map<String, List<String>> given(String rawQuery, List<Violation> errors) {
        Map<String, List<String>> given = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? null : decode(pair.substring(eq + 1));
                if (name == null || (name.isEmpty() && (value == null || value.isEmpty()))) {
                    if (name == null) {
                        errors.add(new Violation("query", "holds a broken %-escape: " + Texts.quote(pair)));
                    }
                    continue; // "?" or "a=1&" : nothing given
                }
                given.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return given;
    }

    private static Violation unknown(String name, Set<String> names) {
        String meant = names.stream()
                .filter(n -> loose(n).equals(loose(name)))
                .findFirst()
                .orElse(null);
        return new Violation(
                name,
                "is not a query parameter of this route"
                        + (meant != null
                                ? "; did you mean " + meant + "? (names are exact)"
                                : "; its parameters are " + String.join(", ", names)));
    }

    private static String loose(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
