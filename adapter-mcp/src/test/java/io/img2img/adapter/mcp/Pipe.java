package io.img2img.adapter.mcp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An in-memory pipe whose ends any thread may use (java.io's piped streams break when a writing
 * thread ends, and reactor writes from pooled threads).
 */
final class Pipe {
    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();

    final Out out = new Out();

    /** The writing end; closing it is the end of input for the reading end. */
    final class Out extends OutputStream {
        private volatile boolean closed;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (!closed && len > 0) {
                chunks.add(Arrays.copyOfRange(b, off, off + len));
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                chunks.add(END);
            }
        }
    }

    final InputStream in = new InputStream() {
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            while (position >= current.length) {
                if (ended) {
                    return -1;
                }
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
                position = 0;
                if (current == END) {
                    ended = true;
                }
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }
    };
}
