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
import java.io.InputStream;
import java.time.Duration;

/**
 * The body limit: a declared length past it is answered 413 at once; any other body (chunked ones too) is
 * counted while it streams and answered 413 the moment it goes past ({@link CountedBody}) — never buffered
 * whole. It also moves the connection to its answering timeout once the request is in ({@link ResponsePhase}).
 */
final class BodyLimitFilter implements Filter {
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final long maxBodyBytes;
    private final Duration readTimeout;

    BodyLimitFilter(long maxBodyBytes, Duration readTimeout) {
        this.maxBodyBytes = maxBodyBytes;
        this.readTimeout = readTimeout;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        long length = request.getContentLengthLong();
        if (length > maxBodyBytes) {
            drain(request.getInputStream(), length);
            tooLarge(response);
            return;
        }
        boolean body = length > 0 || (length < 0 && request.getHeader("Transfer-Encoding") != null);
        try {
            if (!body) {
                ResponsePhase.begin(request);
                chain.doFilter(request, response);
                return;
            }
            CountedBody counted = new CountedBody(request, maxBodyBytes, () -> ResponsePhase.begin(request));
            try {
                chain.doFilter(counted, new MutedResponse(response, counted::exceeded));
            } catch (CountedBody.TooLarge e) {
                // answered below
            }
            if (counted.exceeded() && !response.isCommitted()) {
                response.reset();
                drain(request.getInputStream(), Long.MAX_VALUE);
                tooLarge(response);
            }
        } finally {
            ResponsePhase.endAfter(request, readTimeout);
        }
    }

    static Problem tooLarge(long maxBodyBytes) {
        return Problem.of(
                ErrorCode.BODY_TOO_LARGE,
                "the request body is larger than " + maxBodyBytes
                        + " bytes (IMG2IMG_MAX_BODY_BYTES); send a smaller image");
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close");
        tooLarge(maxBodyBytes).writeTo(response);
    }

    /**
     * Reads and drops what the client is still sending (up to {@link #DRAIN_LIMIT}), so that it reads
     * the 413 instead of a connection reset; past that bound the connection is simply closed.
     */
    static void drain(InputStream in, long length) {
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
}
