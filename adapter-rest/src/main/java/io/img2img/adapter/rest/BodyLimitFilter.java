package io.img2img.adapter.rest;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** The body limit: a declared length past it, or a chunked body that grows past it, is answered 413. */
final class BodyLimitFilter implements Filter {
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final long maxBodyBytes;

    BodyLimitFilter(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
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
}
