package io.img2img.adapter.mcp;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A {@code DELETE} of one session, made from the request being served, for the SDK's transport: the one
 * way it offers to forget a session and what the session holds.
 */
final class SessionDeletion extends HttpServletRequestWrapper {
    private final String sessionId;

    private SessionDeletion(HttpServletRequest request, String sessionId) {
        super(request);
        this.sessionId = sessionId;
    }

    static SessionDeletion of(HttpServletRequest request, String sessionId) {
        return new SessionDeletion(request, sessionId);
    }

    @Override
    public String getMethod() {
        return "DELETE";
    }

    @Override
    public String getHeader(String name) {
        return McpHttpServlet.SESSION_HEADER.equalsIgnoreCase(name) ? sessionId : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return McpHttpServlet.SESSION_HEADER.equalsIgnoreCase(name)
                ? Collections.enumeration(List.of(sessionId))
                : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
            String name = e.nextElement();
            if (!McpHttpServlet.SESSION_HEADER.equalsIgnoreCase(name)) {
                names.add(name);
            }
        }
        names.add(McpHttpServlet.SESSION_HEADER);
        return Collections.enumeration(names);
    }
}
