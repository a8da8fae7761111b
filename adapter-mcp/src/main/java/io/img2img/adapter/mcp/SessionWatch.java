package io.img2img.adapter.mcp;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/** Notes the session id the SDK hands out in its answer to an {@code initialize}. */
final class SessionWatch extends HttpServletResponseWrapper {
    private String sessionId;

    SessionWatch(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, value);
        note(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, value);
        note(name, value);
    }

    private void note(String name, String value) {
        if (McpHttpServlet.SESSION_HEADER.equalsIgnoreCase(name)) {
            sessionId = value;
        }
    }

    /** The session opened, or {@code null} when the answer opened none. */
    String sessionId() {
        return getStatus() < 300 ? sessionId : null;
    }
}
