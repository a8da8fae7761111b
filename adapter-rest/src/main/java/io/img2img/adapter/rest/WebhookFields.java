package io.img2img.adapter.rest;

import io.img2img.domain.request.FormRequest;
import io.img2img.domain.request.Violation;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code webhook} and {@code webhookEvents} of a generation (SPEC §6), as query parameters or text parts of a form:
 * names exact, each given once, in one place only. What they say is checked by the application.
 */
final class WebhookFields {
    static final String URL = "webhook";
    static final String EVENTS = "webhookEvents";
    static final Set<String> NAMES = Set.of(URL, EVENTS);
    static final String ATTRIBUTE = "img2img.webhookFields";

    private WebhookFields() {}

    /** What was given; {@code rest} is the query without these parameters. */
    record Read(String url, String events, List<Violation> errors, String rest) {
        boolean given() {
            return url != null || events != null;
        }
    }

    static Read query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new Read(null, null, List.of(), rawQuery);
        }
        List<String> kept = new ArrayList<>();
        List<Violation> errors = new ArrayList<>();
        String[] values = new String[2];
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name == null || !NAMES.contains(name)) {
                kept.add(pair);
                continue;
            }
            String value = eq < 0 ? null : decode(pair.substring(eq + 1));
            take(name, value, values, errors, "in the query");
        }
        return new Read(values[0], values[1], errors, String.join("&", kept));
    }

    /** Takes the parts named as these fields out of {@code parts}. */
    static Read parts(List<FormRequest.Part> parts) {
        List<Violation> errors = new ArrayList<>();
        String[] values = new String[2];
        for (Iterator<FormRequest.Part> it = parts.iterator(); it.hasNext(); ) {
            FormRequest.Part part = it.next();
            if (!NAMES.contains(part.name())) {
                continue;
            }
            it.remove();
            if (part.text() == null) {
                errors.add(new Violation(part.name(), "must be a text part, not a file"));
                continue;
            }
            take(part.name(), part.text(), values, errors, "as a form field");
        }
        return new Read(values[0], values[1], errors, null);
    }

    /** The query's and the form's fields together: each given in one place only. */
    static Read both(Read query, Read form) {
        List<Violation> errors = new ArrayList<>(query.errors());
        errors.addAll(form.errors());
        if (query.url() != null && form.url() != null) {
            errors.add(new Violation(URL, "is given in the query and as a form field; give it once"));
        }
        if (query.events() != null && form.events() != null) {
            errors.add(new Violation(EVENTS, "is given in the query and as a form field; give it once"));
        }
        return new Read(
                query.url() != null ? query.url() : form.url(),
                query.events() != null ? query.events() : form.events(),
                errors,
                query.rest());
    }

    private static void take(String name, String value, String[] values, List<Violation> errors, String where) {
        int slot = name.equals(URL) ? 0 : 1;
        if (value == null || value.isBlank()) {
            errors.add(new Violation(name, "is given " + where + " without a value"));
        } else if (values[slot] != null) {
            errors.add(new Violation(name, "is given more than once; give it once"));
        } else {
            values[slot] = value;
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
