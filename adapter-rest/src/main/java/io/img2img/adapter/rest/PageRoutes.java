package io.img2img.adapter.rest;

import io.javalin.config.RoutesConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The routes that serve pages rather than the API: the static site (the playground) and {@code /docs}.
 * Pages may not be framed by another site (SPEC §8: no click-jacking of a Generate button that spends
 * Creative Units); /docs runs its own inline script, so it gets the framing rules without the site's
 * script policy.
 */
final class PageRoutes {
    static final Map<String, String> NO_FRAMING = Map.of(
            "Content-Security-Policy", "frame-ancestors 'none'",
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff");

    private PageRoutes() {
    }

    static void register(RoutesConfig routes, StaticSite site) {
        String docsHtml = resource("docs.html")
                .replace("{{PREFER_WAIT_DEFAULT}}", Long.toString(GenerationRoutes.DEFAULT_GENERATE_WAIT.toSeconds()))
                .replace("{{PREFER_WAIT_MAX}}", Long.toString(Prefer.MAX_WAIT.toSeconds()));
        site.files().forEach((path, file) -> routes.get(path, ctx -> {
            site.headers().forEach(ctx::header);
            ctx.contentType(file.contentType()).result(file.body());
        }));
        routes.get("/docs", ctx -> {
            NO_FRAMING.forEach(ctx::header);
            ctx.contentType("text/html; charset=utf-8").result(docsHtml);
        });
    }

    /** The open page paths (SPEC §8): {@code GET /} and {@code GET /playground/*}, whatever is mounted. */
    static boolean isOpenPage(String method, String path) {
        return ("GET".equals(method) || "HEAD".equals(method)) && ("/".equals(path) || path.startsWith("/playground/"));
    }

    private static String resource(String name) {
        try (InputStream in = PageRoutes.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
