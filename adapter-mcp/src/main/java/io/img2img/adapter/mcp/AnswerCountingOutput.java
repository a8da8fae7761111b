package io.img2img.adapter.mcp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The client's output: a response counts as answered once its frame's newline has been written and
 * flushed, not when it was serialised (the session may close in between).
 */
final class AnswerCountingOutput extends FilterOutputStream {
    private final PendingAnswers pending;
    private int unflushedFrames;

    AnswerCountingOutput(OutputStream out, PendingAnswers pending) {
        super(out);
        this.pending = pending;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        if (b == '\n') {
            unflushedFrames++;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                unflushedFrames++;
            }
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
        for (; unflushedFrames > 0; unflushedFrames--) {
            pending.frameFlushed();
        }
    }
}
