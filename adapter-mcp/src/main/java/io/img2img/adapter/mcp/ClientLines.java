package io.img2img.adapter.mcp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/** The client's lines, read no further than needed: what is left goes to the full server untouched. */
final class ClientLines {
    private final InputStream in;
    private final int longest;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private boolean complete;
    private byte[] last;

    ClientLines(InputStream in, int longest) {
        this.in = in;
        this.longest = longest;
    }

    /**
     * The next line without its end (a trailing CR dropped too), or, when it is longer than the handshake
     * reads or input ends inside it, what was read of it ({@link #complete()} false); null at end of input.
     */
    byte[] next() throws IOException {
        last = read();
        return last;
    }

    /** The line {@link #next()} returned last. */
    byte[] last() {
        return last;
    }

    private byte[] read() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (position == limit) {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    complete = false;
                    return line.size() == 0 ? null : line.toByteArray();
                }
                position = 0;
                limit = n;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            line.write(buffer, start, position - start);
            if (position < limit) {
                position++; // the newline
                complete = true;
                byte[] bytes = line.toByteArray();
                int length = bytes.length;
                return length > 0 && bytes[length - 1] == '\r' ? Arrays.copyOf(bytes, length - 1) : bytes;
            }
            if (line.size() > longest) {
                complete = false;
                return line.toByteArray();
            }
        }
    }

    boolean complete() {
        return complete;
    }

    /** What was read past the last line, then the rest of the input. */
    InputStream rest() {
        return new SequenceInputStream(new ByteArrayInputStream(buffer, position, limit - position), in);
    }
}
