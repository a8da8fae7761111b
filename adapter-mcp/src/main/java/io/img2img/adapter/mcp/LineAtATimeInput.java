package io.img2img.adapter.mcp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The client's input, handed over at most one line per read and with nothing ever "available": the
 * transport's reader (and its decoder's read-ahead) then asks for more only once it has consumed every
 * line already given, so end of input is met only after the last request has been read and counted,
 * and is held back until {@link PendingAnswers} says every request was answered.
 */
final class LineAtATimeInput extends FilterInputStream {
    private final PendingAnswers pending;
    private final byte[] chunk = new byte[64 * 1024];
    private int position;
    private int limit;

    LineAtATimeInput(InputStream in, PendingAnswers pending) {
        super(in);
        this.pending = pending;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position == limit) {
            int n = super.read(chunk, 0, chunk.length);
            if (n < 0) {
                pending.awaitAllAnswered();
                return -1;
            }
            position = 0;
            limit = n;
        }
        int end = Math.min(limit, position + len);
        int stop = position;
        while (stop < end && chunk[stop] != '\n') {
            stop++;
        }
        stop = stop < end ? stop + 1 : end; // up to and including the first newline
        int count = stop - position;
        System.arraycopy(chunk, position, buffer, off, count);
        position = stop;
        return count;
    }

    @Override
    public int available() {
        return 0; // no read-ahead past the line being read
    }
}
