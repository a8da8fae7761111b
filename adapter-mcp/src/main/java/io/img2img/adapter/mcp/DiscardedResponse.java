package io.img2img.adapter.mcp;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * An answer nobody reads (the SDK's to our own {@link SessionDeletion}): nothing reaches the real response. Like
 * adapter-http's {@code MutedResponse} muted for good; a copy because adapters never depend on each other.
 */
final class DiscardedResponse extends HttpServletResponseWrapper {
    private int status = SC_OK;

    DiscardedResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void sendError(int sc) {
        status = sc;
    }

    @Override
    public void sendError(int sc, String msg) {
        status = sc;
    }

    @Override
    public void sendRedirect(String location) {
        status = SC_FOUND;
    }

    @Override
    public void setHeader(String name, String value) {
        // discarded
    }

    @Override
    public void addHeader(String name, String value) {
        // discarded
    }

    @Override
    public void setIntHeader(String name, int value) {
        // discarded
    }

    @Override
    public void addIntHeader(String name, int value) {
        // discarded
    }

    @Override
    public void setDateHeader(String name, long date) {
        // discarded
    }

    @Override
    public void addDateHeader(String name, long date) {
        // discarded
    }

    @Override
    public void setContentType(String type) {
        // discarded
    }

    @Override
    public void setCharacterEncoding(String charset) {
        // discarded
    }

    @Override
    public void setContentLength(int len) {
        // discarded
    }

    @Override
    public void setContentLengthLong(long len) {
        // discarded
    }

    @Override
    public void setBufferSize(int size) {
        // discarded
    }

    @Override
    public void flushBuffer() {
        // discarded
    }

    @Override
    public void reset() {
        // discarded
    }

    @Override
    public void resetBuffer() {
        // discarded
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public PrintWriter getWriter() {
        return new PrintWriter(Writer.nullWriter());
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                // nothing is ever waited for
            }

            @Override
            public void write(int b) {
                // discarded
            }
        };
    }
}
