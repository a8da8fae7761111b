package io.img2img.adapter.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body is counted as it is read, never buffered: past the limit a read fails with
 * {@link TooLarge} (answered 413), so a chunked body is held to {@code IMG2IMG_MAX_BODY_BYTES} while it streams.
 * When the body has been read to its end, the request enters its answering phase ({@link ResponsePhase}).
 */
final class CountedBody extends HttpServletRequestWrapper {
    /** The body went past the limit while being read. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("the request body is larger than " + limit + " bytes");
        }
    }

    private final long limit;
    private final long declared;
    private final Runnable onEnd;
    private ServletInputStream stream;
    private BufferedReader reader;
    private long count;
    private boolean exceeded;
    private boolean ended;

    CountedBody(HttpServletRequest request, long limit, Runnable onEnd) {
        super(request);
        this.limit = limit;
        this.declared = request.getContentLengthLong();
        this.onEnd = onEnd;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = new Counting(super.getInputStream());
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            String encoding = getCharacterEncoding();
            Charset charset;
            try {
                charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            } catch (IllegalArgumentException e) { // as the container says it: an unknown charset is an I/O failure
                throw new java.io.UnsupportedEncodingException("unsupported charset of the body: " + encoding);
            }
            reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
        return reader;
    }

    private void counted(int n) throws TooLarge {
        if (n < 0) {
            end();
            return;
        }
        count += n;
        if (count > limit) {
            exceeded = true;
            throw new TooLarge(limit);
        }
        if (declared >= 0 && count >= declared) {
            end();
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            onEnd.run();
        }
    }

    private final class Counting extends ServletInputStream {
        private final ServletInputStream in;

        Counting(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (exceeded) {
                throw new TooLarge(limit);
            }
            int b = in.read();
            counted(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (exceeded) {
                throw new TooLarge(limit);
            }
            int n = in.read(buffer, offset, length);
            counted(n);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
