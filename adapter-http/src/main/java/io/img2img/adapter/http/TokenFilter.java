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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Set;

/**
 * The bearer token, when one is set, on every path but the open ones (the pages too: GET / and /playground/*),
 * decided on the path the router routes ({@link RequestPath}). An address that keeps sending wrong tokens is
 * answered 429 for a while ({@link FailedTokens}).
 */
final class TokenFilter implements Filter {
    private static final Set<String> OPEN_PATHS = Set.of("/health", "/health/ready", "/openapi.json", "/docs");

    private final byte[] token;
    private final FailedTokens failures = new FailedTokens();

    TokenFilter(String apiToken) {
        this.token = apiToken == null ? null : apiToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String path = RequestPath.of(request);
        if (token != null && !OPEN_PATHS.contains(path) && !PageRoutes.isOpenPage(request.getMethod(), path)) {
            HttpServletResponse response = (HttpServletResponse) res;
            String address = request.getRemoteAddr();
            Duration blocked = failures.blockedFor(address);
            if (blocked != null) {
                Problem.of(
                                ErrorCode.TOO_MANY_FAILED_TOKENS,
                                "this address sent more than "
                                        + FailedTokens.MAX_FAILURES + " wrong tokens in "
                                        + FailedTokens.WINDOW.toSeconds()
                                        + " s; try again after Retry-After",
                                java.util.List.of(),
                                blocked)
                        .writeTo(response);
                return;
            }
            if (!authorized(request)) {
                if (request.getHeader("Authorization") != null) {
                    failures.failed(address); // a guess; a call without a token at all guesses nothing
                }
                response.setHeader("WWW-Authenticate", "Bearer realm=\"img2img\"");
                Problem.of(ErrorCode.UNAUTHORIZED, "this server needs Authorization: Bearer <IMG2IMG_API_TOKEN>")
                        .writeTo(response);
                return;
            }
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
