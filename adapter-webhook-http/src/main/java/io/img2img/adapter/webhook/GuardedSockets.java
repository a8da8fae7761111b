package io.img2img.adapter.webhook;

import io.img2img.application.webhook.WebhookAddresses;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.SocketFactory;

/**
 * Sockets that refuse to connect to an address that is not public (SPEC §6): the check on the address actually
 * connected to, whatever resolved it (an IP literal in the URL never reaches the {@link GuardedDns}).
 */
final class GuardedSockets extends SocketFactory {
    @Override
    public Socket createSocket() {
        return new GuardedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port));
    }

    private static Socket connected(InetSocketAddress address) throws IOException {
        Socket socket = new GuardedSocket();
        socket.connect(address);
        return socket;
    }

    /** Refuses before any packet is sent. */
    static void check(SocketAddress endpoint) throws ConnectException {
        if (!(endpoint instanceof InetSocketAddress target)
                || target.getAddress() == null
                || !WebhookAddresses.isPublic(target.getAddress())) {
            throw new ConnectException("refused to connect to " + endpoint + ": a webhook may reach only public "
                    + "addresses unless its host is in IMG2IMG_WEBHOOK_ALLOWED_HOSTS");
        }
    }

    private static final class GuardedSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            check(endpoint);
            super.connect(endpoint, timeout);
        }
    }
}
