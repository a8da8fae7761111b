package io.img2img.adapter.http;

import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * The routes that serve pages rather than the API: the static site (the playground) with its own headers.
 * Pages may not be framed by another site (SPEC §8: no click-jacking of a Generate button that spends
 * Creative Units): {@link #NO_FRAMING} is what a page without the site's script policy (/docs) sends.
 */
public final class PageRoutes {
    public static final Map<String, String> NO_FRAMING = Map.of(
            "Content-Security-Policy", "frame-ancestors 'none'",
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff");

    private PageRoutes() {}

    static void register(RoutesConfig routes, StaticSite site) {
        site.files()
                .forEach((path, file) -> routes.get(path, ctx -> {
                    site.headers().forEach(ctx::header);
                    ctx.contentType(file.contentType()).result(file.body());
                }));
    }

    /** The open page paths (SPEC §8): {@code GET /} and {@code GET /playground/*}, whatever is mounted. */
    static boolean isOpenPage(String method, String path) {
        return ("GET".equals(method) || "HEAD".equals(method)) && ("/".equals(path) || path.startsWith("/playground/"));
    }
}
