package io.img2img.adapter.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/**
 * A response the handler can no longer write once {@code muted} holds: after a body went past the limit, whatever
 * the handler makes of its failed read (a servlet's own 400, a 500) is dropped, and the gate answers 413 itself.
 */
final class MutedResponse extends HttpServletResponseWrapper {
    private final BooleanSupplier muted;

    MutedResponse(HttpServletResponse response, BooleanSupplier muted) {
        super(response);
        this.muted = muted;
    }

    @Override
    public void setStatus(int sc) {
        if (!muted.getAsBoolean()) {
            super.setStatus(sc);
        }
    }

    @Override
    public void sendError(int sc, String msg) throws java.io.IOException {
        if (!muted.getAsBoolean()) {
            super.sendError(sc, msg);
        }
    }

    @Override
    public void sendError(int sc) throws java.io.IOException {
        if (!muted.getAsBoolean()) {
            super.sendError(sc);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (!muted.getAsBoolean()) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (!muted.getAsBoolean()) {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setContentType(String type) {
        if (!muted.getAsBoolean()) {
            super.setContentType(type);
        }
    }

    @Override
    public void setContentLength(int len) {
        if (!muted.getAsBoolean()) {
            super.setContentLength(len);
        }
    }

    @Override
    public void setContentLengthLong(long len) {
        if (!muted.getAsBoolean()) {
            super.setContentLengthLong(len);
        }
    }

    @Override
    public void flushBuffer() throws java.io.IOException {
        if (!muted.getAsBoolean()) {
            super.flushBuffer();
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws java.io.IOException {
        if (!muted.getAsBoolean()) {
            return super.getOutputStream();
        }
        return new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {}

            @Override
            public void write(int b) {}
        };
    }

    @Override
    public PrintWriter getWriter() throws java.io.IOException {
        return muted.getAsBoolean() ? new PrintWriter(Writer.nullWriter()) : super.getWriter();
    }
}
