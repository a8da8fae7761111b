package io.img2img.adapter.http;

import io.img2img.domain.result.ErrorCode;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * One path for every rule (SPEC §8): the gate decides on the path the router routes. Jetty resolves dot segments
 * and decodes escapes before it picks a servlet, while a rule reading the raw target would see
 * {@code /playground/../mcp} as a page; so a target whose path holds anything the two could read differently — a
 * dot segment (plain or encoded), an encoded slash or backslash, a backslash, an empty segment ({@code //}), a
 * path parameter ({@code ;}), a NUL — is refused with 400 before any rule looks at it. Every other path is the
 * same decoded or not, and {@link #of} gives it decoded.
 */
final class RequestPath implements Filter {
    private static final String ATTRIBUTE = RequestPath.class.getName();

    /** The path every rule decides on: set by this filter, which runs first. */
    static String of(HttpServletRequest request) {
        Object path = request.getAttribute(ATTRIBUTE);
        return path instanceof String s ? s : canonical(request.getRequestURI());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String path = canonical(request.getRequestURI());
        if (path == null) {
            Problem.of(
                            ErrorCode.AMBIGUOUS_PATH,
                            "the request path holds a dot segment, an encoded slash, "
                                    + "an empty segment, a ';' or a backslash: send the path as the route is written")
                    .writeTo((HttpServletResponse) res);
            return;
        }
        request.setAttribute(ATTRIBUTE, path);
        chain.doFilter(req, res);
    }

    /** The decoded path, or {@code null} when the raw one could be routed as another path than it reads. */
    static String canonical(String raw) {
        if (raw == null || !raw.startsWith("/")) {
            return raw == null ? null : (raw.isEmpty() ? "/" : null);
        }
        String lower = raw.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%2f")
                || lower.contains("%5c")
                || lower.contains("%00")
                || raw.contains("\\")
                || raw.contains(";")
                || raw.contains("//")) {
            return null;
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null; // a broken escape
        }
        if (decoded.contains("\\") || decoded.contains(";") || decoded.contains("//") || decoded.indexOf('\0') >= 0) {
            return null;
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return null;
            }
        }
        return decoded;
    }
}
