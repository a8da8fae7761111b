package io.img2img.domain.request;

import java.util.List;

/**
 * A request read from JSON together with the per-field type errors met while reading it. A field
 * with a type error is {@code null} in {@code request}; the rules then skip it, so each field is
 * reported once.
 */
public record ParsedRequest(Img2ImgRequest request, List<Violation> typeErrors) {
    public ParsedRequest {
        typeErrors = List.copyOf(typeErrors);
    }

    public static ParsedRequest of(Img2ImgRequest request) {
        return new ParsedRequest(request, List.of());
    }
}
