package io.img2img.adapter.rest;

import io.img2img.adapter.http.PageRoutes;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code /docs}: the API's reference page. It runs its own inline script, so it gets the framing rules only. */
final class DocsPage {
    private DocsPage() {}

    static void register(RoutesConfig routes) {
        String docsHtml = resource("docs.html") // its numbers are the routes' own constants, never typed again
                .replace("{{PREFER_WAIT_DEFAULT}}", Long.toString(GenerationRoutes.DEFAULT_GENERATE_WAIT.toSeconds()))
                .replace("{{PREFER_WAIT_MAX}}", Long.toString(Prefer.MAX_WAIT.toSeconds()));
        routes.get("/docs", ctx -> {
            PageRoutes.NO_FRAMING.forEach(ctx::header);
            ctx.contentType("text/html; charset=utf-8").result(docsHtml);
        });
    }

    private static String resource(String name) {
        try (InputStream in = DocsPage.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
