package io.img2img.adapter.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;

/**
 * The rest of a stdio session, as {@link StdioHandshake} hands it to the full server: an input that blocks
 * until the handshake has answered what it could, then reads the replayed frames and the client's further
 * input; and how many answers, at the start of the full server's output, the client already has.
 */
public final class SessionHandoff extends InputStream {
    private final CountDownLatch handedOver = new CountDownLatch(1);
    private volatile InputStream rest;
    private volatile int answered;

    void handOver(InputStream rest, int answered) {
        this.rest = rest;
        this.answered = answered;
        handedOver.countDown();
    }

    /** How many of the full server's first answers are to the replayed requests (the client has them). */
    int answered() throws InterruptedIOException {
        awaitHandover();
        return answered;
    }

    private InputStream awaitHandover() throws InterruptedIOException {
        try {
            handedOver.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the handshake still answers");
        }
        return rest;
    }

    @Override
    public int read() throws IOException {
        return awaitHandover().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return awaitHandover().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
        if (handedOver.getCount() == 0) {
            rest.close();
        }
    }
}
