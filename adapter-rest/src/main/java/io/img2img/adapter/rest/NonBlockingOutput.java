package io.img2img.adapter.rest;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * A stream's bytes written without ever blocking the caller (SPEC §6: one hub thread serves every open stream, so
 * one client that stops reading must not stall the others): the servlet output is non-blocking (a
 * {@link WriteListener}); what the client is not ready for waits here and goes out as the container says writing
 * is possible. A client that lets more than {@link #MAX_PENDING_BYTES} pile up is dropped: its connection aborted.
 */
final class NonBlockingOutput implements WriteListener {
    /** Far above what a reading client ever leaves pending (the socket buffers absorb the usual bursts). */
    static final long MAX_PENDING_BYTES = 1024 * 1024;

    private final ServletOutputStream out;
    private final Runnable abort;
    private final Runnable onEnd;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean unflushed;
    private boolean ending;
    private boolean ended;

    /**
     * @param abort cuts the client's connection (a dropped client)
     * @param onEnd called once, when everything was sent after {@link #finish()}, or the client failed or was dropped
     */
    NonBlockingOutput(ServletOutputStream out, Runnable abort, Runnable onEnd) {
        this.out = out;
        this.abort = abort;
        this.onEnd = onEnd;
    }

    /** Queues bytes and sends what the client is ready for; false when the stream has ended (or now was dropped). */
    synchronized boolean send(byte[] bytes) {
        if (ended || ending) {
            return false;
        }
        if (pendingBytes > 0 && pendingBytes + bytes.length > MAX_PENDING_BYTES) { // one large event alone may wait
            drop();
            return false;
        }
        pending.add(bytes);
        pendingBytes += bytes.length;
        pump();
        return !ended;
    }

    /** Ends the stream once everything queued was sent. */
    synchronized void finish() {
        ending = true;
        pump();
    }

    /** Ends the stream now: the connection is cut, whatever is still queued is not sent. */
    synchronized void drop() {
        if (!ended) {
            end();
            abort.run();
        }
    }

    @Override
    public synchronized void onWritePossible() {
        pump();
    }

    @Override
    public synchronized void onError(Throwable failure) { // the client went away
        if (!ended) {
            end();
        }
    }

    /** Writes while the output is ready; when it is not, the container calls {@link #onWritePossible()} later. */
    private void pump() {
        try {
            while (!ended && out.isReady()) {
                if (!pending.isEmpty()) {
                    byte[] next = pending.poll();
                    pendingBytes -= next.length;
                    out.write(next);
                    unflushed = true;
                } else if (unflushed) {
                    unflushed = false;
                    out.flush();
                } else {
                    if (ending) {
                        end();
                    }
                    return;
                }
            }
        } catch (IOException | RuntimeException e) { // the connection failed
            drop();
        }
    }

    private void end() {
        ended = true;
        pending.clear();
        pendingBytes = 0;
        onEnd.run();
    }
}
