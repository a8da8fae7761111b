package io.img2img.adapter.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id, so its log lines (and those of the job it starts) can be found: the caller's
 * {@code X-Request-Id} when it is short and plain, else the trace id of its W3C {@code traceparent}, else a new
 * random one. It is echoed in the answer's {@code X-Request-Id} and is {@value #MDC_KEY} in the log's context
 * while the request's thread answers it. A value that is too long or carries other characters is replaced, never
 * logged: a caller cannot write into the log through it.
 */
final class RequestIdFilter implements Filter {
    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    static final int MAX_LENGTH = 128;

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1," + MAX_LENGTH + "}");
    /** version-traceid-parentid-flags; version ff is invalid, and an all-zero trace id (W3C Trace Context §3.2). */
    private static final Pattern TRACEPARENT =
            Pattern.compile("(?!ff)[0-9a-f]{2}-(?!0{32})([0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");

    private final SecureRandom random = new SecureRandom();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest incoming = (HttpServletRequest) request;
        String id = idOf(incoming.getHeader(HEADER), incoming.getHeader("traceparent"));
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader(HEADER, id);
        String before = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            if (before == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, before);
            }
            if (!http.isCommitted() && !http.containsHeader(HEADER)) {
                http.setHeader(HEADER, id); // an answer written again from the start (a 413) keeps it
            }
        }
    }

    /** The caller's id when it is acceptable, else its trace's id, else a new one (32 hex digits, as a trace id). */
    String idOf(String given, String traceparent) {
        if (given != null && SAFE.matcher(given.strip()).matches()) {
            return given.strip();
        }
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.strip());
            if (m.matches()) {
                return m.group(1);
            }
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
