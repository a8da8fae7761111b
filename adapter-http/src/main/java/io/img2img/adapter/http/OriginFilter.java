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
import java.net.URI;
import java.util.List;
import java.util.Locale;

/** A foreign browser Origin is refused; allowed origins get CORS headers and their preflights answered. */
final class OriginFilter implements Filter {
    private static final String ALLOWED_HEADERS =
            "Content-Type, Authorization, Idempotency-Key, Prefer, Mcp-Session-Id, "
                    + "Mcp-Protocol-Version, Last-Event-ID, Accept";
    private static final String EXPOSED_HEADERS =
            "Location, Retry-After, Mcp-Session-Id, Preference-Applied, X-Request-Id";

    private final List<String> allowedOrigins;
    private volatile String ownOrigin;

    OriginFilter(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins.stream().map(OriginFilter::origin).toList();
    }

    void ownOrigin(String publicUrl) {
        this.ownOrigin = origin(publicUrl);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String origin = request.getHeader("Origin");
        if (origin != null) {
            if (!acceptable(origin)) {
                Problem.of(
                                ErrorCode.FORBIDDEN_ORIGIN,
                                "requests from the web origin " + origin
                                        + " are refused: add it to IMG2IMG_ALLOWED_ORIGINS to allow it")
                        .writeTo(response);
                return;
            }
            if (corsAllowed(origin)) {
                response.setHeader("Access-Control-Allow-Origin", origin);
                response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
                response.addHeader("Vary", "Origin");
                if ("OPTIONS".equals(request.getMethod())
                        && request.getHeader("Access-Control-Request-Method") != null) {
                    response.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
                    response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
                    response.setHeader("Access-Control-Max-Age", "600");
                    response.setStatus(204);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    /** Loopback pages, the server's own origin and the allow-list may call; nothing else ({@code null} included). */
    private boolean acceptable(String origin) {
        String normalised = origin(origin);
        if (normalised == null) {
            return false;
        }
        String host = URI.create(normalised).getHost();
        return Loopback.is(host) || corsAllowed(origin); // an address or localhost, never a name's prefix
    }

    private boolean corsAllowed(String origin) {
        String normalised = origin(origin);
        return normalised != null && (normalised.equals(ownOrigin) || allowedOrigins.contains(normalised));
    }

    /** scheme://host[:port] in lower case, or {@code null} for anything else ("null", garbage). */
    static String origin(String url) {
        try {
            URI uri = URI.create(url.trim());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort =
                    port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
