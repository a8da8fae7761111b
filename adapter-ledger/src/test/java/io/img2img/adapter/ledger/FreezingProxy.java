package io.img2img.adapter.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on an ephemeral loopback port that can go silent on the connections it carries without closing them:
 * as a network cut looks to both ends (a half-open connection). Connections made after the freeze pass normally.
 */
final class FreezingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();

    FreezingProxy(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepter = new Thread(this::accept, "freezing-proxy");
        accepter.setDaemon(true);
        accepter.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every connection open now stops forwarding in both directions and stays open. */
    void freezeOpenConnections() {
        pairs.forEach(p -> p.frozen = true);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 5000);
                Pair pair = new Pair(client, upstream);
                pairs.add(pair);
                pump(pair, client, upstream);
                pump(pair, upstream, client);
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection end
            }
        }
    }

    private static void pump(Pair pair, Socket from, Socket to) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            while (pair.frozen) {
                                Thread.sleep(50); // the bytes are held, never delivered; the sockets stay open
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // one side closed
                    } finally {
                        pair.close();
                    }
                },
                "freezing-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static final class Pair {
        final Socket a;
        final Socket b;
        volatile boolean frozen;

        Pair(Socket a, Socket b) {
            this.a = a;
            this.b = b;
        }

        void close() {
            if (frozen) {
                return; // a frozen connection never closes: that is the point
            }
            try {
                a.close();
                b.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Pair p : pairs) {
            p.frozen = false;
            p.close();
        }
    }
}
