package io.img2img.adapter.rest;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one gate of the whole server, REST and mounted servlets (/mcp) alike (SPEC §8): a foreign
 * browser Origin is refused, CORS only for allowed origins, the bearer token when one is set, and
 * the body limit. It also counts requests in flight for a graceful stop.
 */
final class GateFilter implements Filter {
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;
    private static final Set<String> OPEN_PATHS = Set.of("/health", "/openapi.json", "/docs");
    private static final String ALLOWED_HEADERS = "Content-Type, Authorization, Idempotency-Key, Prefer, Mcp-Session-Id, "
            + "Mcp-Protocol-Version, Last-Event-ID, Accept";
    private static final String EXPOSED_HEADERS = "Location, Retry-After, Mcp-Session-Id, Preference-Applied";

    private final byte[] token;
    private final List<String> allowedOrigins;
    private final long maxBodyBytes;
    private volatile String ownOrigin;
    final AtomicInteger inFlight = new AtomicInteger();

    GateFilter(HttpSettings settings) {
        this.token = settings.apiToken() == null ? null : settings.apiToken().getBytes(StandardCharsets.UTF_8);
        this.allowedOrigins = settings.allowedOrigins().stream().map(GateFilter::origin).toList();
        this.maxBodyBytes = settings.maxBodyBytes();
    }

    void ownOrigin(String publicUrl) {
        this.ownOrigin = origin(publicUrl);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        inFlight.incrementAndGet();
        try {
            gate(request, response, chain);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void gate(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin != null) {
            if (!acceptable(origin)) {
                Problem.of(403, "forbidden-origin", "Forbidden", "requests from the web origin " + origin
                        + " are refused: add it to IMG2IMG_ALLOWED_ORIGINS to allow it").writeTo(response);
                return;
            }
            if (corsAllowed(origin)) {
                response.setHeader("Access-Control-Allow-Origin", origin);
                response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
                response.addHeader("Vary", "Origin");
                if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
                    response.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
                    response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
                    response.setHeader("Access-Control-Max-Age", "600");
                    response.setStatus(204);
                    return;
                }
            }
        }
        if (token != null && !OPEN_PATHS.contains(request.getRequestURI()) && !authorized(request)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"img2img\"");
            Problem.of(401, "unauthorized", "Unauthorized", "this server needs Authorization: Bearer <IMG2IMG_API_TOKEN>")
                    .writeTo(response);
            return;
        }
        long length = request.getContentLengthLong();
        if (length > maxBodyBytes) {
            drain(request.getInputStream(), length);
            tooLarge(response);
            return;
        }
        if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
            byte[] body = readBounded(request.getInputStream());
            if (body == null) {
                drain(request.getInputStream(), Long.MAX_VALUE);
                tooLarge(response);
                return;
            }
            chain.doFilter(new BufferedBody(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        Problem.of(413, "body-too-large", "Content Too Large", "the request body is larger than " + maxBodyBytes
                + " bytes (IMG2IMG_MAX_BODY_BYTES); send a smaller image").writeTo(response);
    }

    /**
     * Reads and drops what the client is still sending (up to {@link #DRAIN_LIMIT}), so that it reads
     * the 413 instead of a connection reset; past that bound the connection is simply closed.
     */
    private static void drain(InputStream in, long length) {
        byte[] buffer = new byte[64 * 1024];
        long left = Math.min(length, DRAIN_LIMIT);
        try {
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    /** A chunked body read up to the limit: {@code null} when it goes past it. */
    private byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > maxBodyBytes) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private boolean authorized(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token); // constant time for equal lengths
    }

    /** Loopback pages, the server's own origin and the allow-list may call; nothing else. */
    private boolean acceptable(String origin) {
        String normalised = origin(origin);
        if (normalised == null) {
            return false;
        }
        String host = URI.create(normalised).getHost();
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host) || corsAllowed(origin);
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
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A request whose (chunked) body was already read, within the limit. */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    try {
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (IOException e) {
                        listener.onError(e);
                    }
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }
    }
}
