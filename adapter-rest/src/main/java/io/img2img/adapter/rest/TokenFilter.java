package io.img2img.adapter.rest;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/** The bearer token, when one is set, on every path but the open ones (the pages too: GET / and /playground/*). */
final class TokenFilter implements Filter {
    private static final Set<String> OPEN_PATHS = Set.of("/health", "/openapi.json", "/docs");

    private final byte[] token;

    TokenFilter(String apiToken) {
        this.token = apiToken == null ? null : apiToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (token != null && !OPEN_PATHS.contains(request.getRequestURI())
                && !PageRoutes.isOpenPage(request.getMethod(), request.getRequestURI()) && !authorized(request)) {
            HttpServletResponse response = (HttpServletResponse) res;
            response.setHeader("WWW-Authenticate", "Bearer realm=\"img2img\"");
            Problem.of(401, "unauthorized", "Unauthorized", "this server needs Authorization: Bearer <IMG2IMG_API_TOKEN>")
                    .writeTo(response);
            return;
        }
        chain.doFilter(req, res);
    }

    private boolean authorized(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token); // constant time for equal lengths
    }
}
