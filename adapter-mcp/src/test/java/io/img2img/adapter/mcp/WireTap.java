package io.img2img.adapter.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A filter keeping a copy of every response body, to check what really went over the wire, in order. */
final class WireTap implements Filter {
    private final List<StringBuffer> bodies = new CopyOnWriteArrayList<>();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        StringBuffer body = new StringBuffer();
        bodies.add(body);
        chain.doFilter(request, new HttpServletResponseWrapper((HttpServletResponse) response) {
            private PrintWriter tee;

            @Override
            public PrintWriter getWriter() throws IOException {
                if (tee == null) {
                    PrintWriter real = super.getWriter();
                    tee = new PrintWriter(new Writer() {
                        @Override
                        public void write(char[] chars, int off, int len) {
                            body.append(chars, off, len);
                            real.write(chars, off, len);
                        }

                        @Override
                        public void flush() {
                            real.flush();
                        }

                        @Override
                        public void close() {
                            real.close();
                        }
                    });
                }
                return tee;
            }
        });
    }

    /** Every JSON-RPC message sent as a server-sent event, in the order each stream carried them. */
    List<String> sseMessages() {
        List<String> messages = new ArrayList<>();
        for (StringBuffer body : bodies) {
            for (String line : body.toString().split("\n")) {
                if (line.startsWith("data: ")) {
                    messages.add(line.substring("data: ".length()));
                }
            }
        }
        return messages;
    }

    static JsonNode parse(String message) {
        try {
            return Fixture.JSON.readTree(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
