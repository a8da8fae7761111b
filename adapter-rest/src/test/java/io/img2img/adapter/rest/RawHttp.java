package io.img2img.adapter.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket: the target is sent exactly as written (no client-side normalisation of
 * {@code ..} or escapes), and from a chosen loopback address (127.0.0.2 is another client than 127.0.0.1).
 */
final class RawHttp {
    record Answer(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    private RawHttp() {}

    /** Sends {@code request} (head and body, CRLFs included) and reads the answer to the end of the connection. */
    static Answer exchange(String from, int port, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return parse(readAll(socket.getInputStream()));
        }
    }

    /** Sends a GET on an open connection that stays open, and reads its answer (head and Content-Length body). */
    static Answer keepAlive(Socket socket, String target) throws IOException {
        socket.getOutputStream()
                .write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        Answer head = head(socket);
        String length = head.header("Content-Length");
        byte[] body = length == null ? new byte[0] : socket.getInputStream().readNBytes(Integer.parseInt(length));
        return new Answer(head.status(), head.head(), new String(body, StandardCharsets.UTF_8));
    }

    /** Reads only the answer's head (for streams that stay open). */
    static Answer head(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!out.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            out.write(b);
        }
        return parse(out.toByteArray());
    }

    static Socket open(String from, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    static Answer get(String from, int port, String method, String target, String... headers) throws IOException {
        StringBuilder request =
                new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return exchange(from, port, request.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // a reset after the answer: what was read is the answer
        }
        return out.toByteArray();
    }

    private static Answer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] statusLine = head.split("\r\n", 2)[0].split(" ");
        int status = statusLine.length > 1 && statusLine[1].matches("\\d{3}") ? Integer.parseInt(statusLine[1]) : -1;
        return new Answer(status, head, body);
    }
}
