package io.img2img.domain;

import io.img2img.domain.request.Img2ImgRequest;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.request.RequestRules;
import io.img2img.domain.request.Violation;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test data: a valid request as a JSON tree, changed one field at a time. */
final class Requests {
    static final String PNG_1X1 = "data:image/png;base64,"
            + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVQYV2NgYAAAAAMAAWgmWQ0AAAAASUVORK5CYII=";

    private final Map<String, Object> body = new LinkedHashMap<>();

    private Requests() {
        body.put("modelId", "model_abc");
        body.put("prompt", "a castle at dusk");
        body.put("image", PNG_1X1);
    }

    static Requests valid() {
        return new Requests();
    }

    Requests with(String field, Object value) {
        body.put(field, value);
        return this;
    }

    Requests without(String field) {
        body.remove(field);
        return this;
    }

    Map<String, Object> json() {
        return body;
    }

    ParsedRequest parse() {
        return RequestParser.parse(body);
    }

    Img2ImgRequest request() {
        ParsedRequest parsed = parse();
        if (!parsed.typeErrors().isEmpty()) {
            throw new AssertionError("test request has type errors: " + parsed.typeErrors());
        }
        return parsed.request();
    }

    java.util.List<Violation> violations() {
        return RequestRules.generic(parse());
    }
}
