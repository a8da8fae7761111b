package io.img2img.adapter.mcp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The full server's output after a handoff: its first frames, the answers to the requests the handshake
 * replayed to it, are dropped (the client has had them from the handshake); the rest passes.
 */
final class AnsweredByHandshake extends FilterOutputStream {
    private final SessionHandoff handoff;
    private int toDrop = -1;

    AnsweredByHandshake(OutputStream out, SessionHandoff handoff) {
        super(out);
        this.handoff = handoff;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (toDrop < 0) {
            toDrop = handoff.answered(); // known before the server reads its first frame, so before it writes
        }
        int start = off;
        int end = off + len;
        while (toDrop > 0 && start < end) {
            if (b[start++] == '\n') {
                toDrop--;
            }
        }
        if (start < end) {
            out.write(b, start, end - start);
        }
    }
}
