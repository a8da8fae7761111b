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
import java.util.Locale;

/**
 * Without a token the server is reachable from this machine only, and a page served from another name that
 * resolves here (DNS rebinding) must not read jobs or prompts: a {@code Host} that is neither loopback by the
 * {@link Loopback} rule ({@code localhost}, a 127.0.0.0/8 literal, {@code [::1]}, any port) nor the host of
 * {@code IMG2IMG_PUBLIC_URL} is refused (SPEC §8). With a token the token is the check.
 */
final class HostFilter implements Filter {
    private final boolean tokenSet;
    private volatile String publicHost;

    HostFilter(boolean tokenSet) {
        this.tokenSet = tokenSet;
    }

    void publicUrl(String url) {
        this.publicHost = hostOf(url);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String host = ((HttpServletRequest) req).getHeader("Host");
        if (!tokenSet && host != null && !allowed(host)) {
            Problem.of(
                            ErrorCode.FORBIDDEN_HOST,
                            "requests for the host name " + host.strip() + " are refused: "
                                    + "without IMG2IMG_API_TOKEN this server answers localhost, 127.0.0.1, [::1] and the host of "
                                    + "IMG2IMG_PUBLIC_URL only")
                    .writeTo((HttpServletResponse) res);
            return;
        }
        chain.doFilter(req, res);
    }

    boolean allowed(String hostHeader) {
        String name = hostOf("http://" + hostHeader.strip());
        return name != null && (Loopback.is(name) || name.equals(publicHost));
    }

    /** The host name of a URL in lower case ({@code [::1]} keeps its brackets), or {@code null}. */
    private static String hostOf(String url) {
        try {
            String host = url == null ? null : URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
