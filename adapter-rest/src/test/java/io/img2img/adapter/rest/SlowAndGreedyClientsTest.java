package io.img2img.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.adapter.http.ClientLimits;
import io.img2img.adapter.http.FailedTokens;
import io.img2img.application.port.in.ListJobs;
import io.img2img.domain.result.Img2ImgResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security review 2026-12-07, findings 8, 9 and 11 in process: chunked bodies are held to the limit while they
 * stream; connections are capped per address and refused at once; a trickled header or body loses its
 * connection; wrong tokens are answered 429 per address. (The memory and latency proofs under load are the
 * fat-jar ITs, HostileClientsIT.)
 */
class SlowAndGreedyClientsTest {
    private static final String TOKEN = "a-token-of-24-characters";

    @Test
    void aChunkedBodyPastTheLimitIs413AndOneWithinItIsRead() throws Exception {
        try (TestServer s = new TestServer(TestServer.Setup.defaults().maxBody(256 * 1024))) {
            s.ports.generate = call -> Img2ImgResult.dryRun(StubUseCases.BACKEND, 2.5);
            String json = TestServer.JSON.writeValueAsString(TestServer.body());
            RawHttp.Answer within = RawHttp.exchange(
                    "127.0.0.1",
                    s.server.port(),
                    chunked("/v1/generate/img2img?dryRun=true", json.getBytes(StandardCharsets.UTF_8), 100));
            assertThat(within.status()).as(within.body()).isEqualTo(200);
            assertThat(within.body()).contains("\"dryRun\":true");

            byte[] big = ("{\"modelId\":\"model_x\",\"prompt\":\"" + "x".repeat(1024 * 1024) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            RawHttp.Answer tooLarge =
                    RawHttp.exchange("127.0.0.1", s.server.port(), chunked("/v1/generate/img2img", big, 16 * 1024));
            assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
            assertThat(tooLarge.body()).contains("body-too-large");
            assertThat(s.ports.generateCalls)
                    .as("only the body within the limit reached the port")
                    .singleElement()
                    .satisfies(call -> assertThat(call.dryRun()).isTrue());
        }
    }

    /**
     * The measurable bound of finding 8: the server holds no more of a chunked body than its reader has asked for.
     * The reader answers after its first 64 KiB while the client has not finished (and will not before the answer);
     * a gate that buffers the whole body first never lets the reader see a byte.
     */
    @Test
    void aChunkedBodyReachesItsReaderWhileItIsStillArriving() throws Exception {
        jakarta.servlet.http.HttpServlet firstBytes = new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(
                    jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res)
                    throws IOException {
                byte[] head = req.getInputStream().readNBytes(64 * 1024);
                res.setStatus(200);
                res.setHeader("Connection", "close");
                res.getWriter().write("read " + head.length + " bytes before the body ended");
                res.flushBuffer();
            }
        };
        try (TestServer s = new TestServer(
                        TestServer.Setup.defaults().maxBody(32L * 1024 * 1024).servlets(Map.of("/probe", firstBytes)));
                Socket socket = RawHttp.open("127.0.0.1", s.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /probe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[32 * 1024];
            for (int i = 0; i < 8; i++) { // 256 KiB of a body that goes on: no final chunk until the answer
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            socket.setSoTimeout(10_000);
            RawHttp.Answer answer = RawHttp.head(socket);
            assertThat(answer.status()).isEqualTo(200);
        }
    }

    @Test
    void connectionsPastTheShareOfOneAddressAreClosedAtOnceAndOthersAreServed() throws Exception {
        ClientLimits limits = new ClientLimits(Duration.ofSeconds(20), Duration.ofSeconds(30), 1024, 100, 3, 32);
        try (TestServer s = server(null, limits)) {
            int port = s.server.port();
            List<Socket> held = new ArrayList<>();
            try {
                // One at a time, each answered before the next opens: the server has counted it (connections
                // opened together may reach the guard in any order, and any three of them are the share).
                for (int i = 0; i < 3; i++) {
                    Socket admitted = RawHttp.open("127.0.0.3", port);
                    held.add(admitted);
                    assertThat(RawHttp.keepAlive(admitted, "/health").status())
                            .as("connection %d is admitted and served", i + 1)
                            .isEqualTo(200);
                }
                Socket fourth = RawHttp.open("127.0.0.3", port);
                held.add(fourth);
                assertThat(closedByServer(fourth))
                        .as("the fourth connection from one address is closed")
                        .isTrue();
                assertThat(RawHttp.keepAlive(held.get(2), "/health").status())
                        .as("the third still holds its connection")
                        .isEqualTo(200);
                assertThat(RawHttp.get("127.0.0.4", port, "GET", "/health").status())
                        .isEqualTo(200);
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aTrickledHeaderOrBodyLosesItsConnection() throws Exception {
        ClientLimits limits = new ClientLimits(Duration.ofSeconds(20), Duration.ofSeconds(1), 1024, 100, 100, 32);
        try (TestServer s = server(null, limits)) {
            int port = s.server.port();
            try (Socket header = RawHttp.open("127.0.0.5", port);
                    Socket body = RawHttp.open("127.0.0.6", port)) {
                header.getOutputStream()
                        .write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.UTF_8));
                body.getOutputStream()
                        .write(("POST /v1/generate/img2img HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                        + "application/json\r\nContent-Length: 100000\r\n\r\n{")
                                .getBytes(StandardCharsets.UTF_8));
                boolean headerCut = false;
                boolean bodyCut = false;
                // one byte a second on each (bounded: 40 rounds), never a whole request; both must be let go
                for (int round = 0; round < 40 && !(headerCut && bodyCut); round++) {
                    headerCut = headerCut || !trickle(header, "X-Slow-" + round + ": 1\r\n");
                    bodyCut = bodyCut || !trickle(body, " ");
                    Thread.sleep(1000); // the trickle's pace is the attack under test
                }
                assertThat(headerCut).as("the slow header was cut").isTrue();
                assertThat(bodyCut).as("the slow body was cut").isTrue();
            }
            assertThat(RawHttp.get("127.0.0.1", port, "GET", "/health").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void wrongTokensFromOneAddressAre429ThenAndOtherAddressesAreUnaffected() throws Exception {
        try (TestServer s = server(TOKEN, ClientLimits.DEFAULTS)) {
            int port = s.server.port();
            for (int i = 0; i < FailedTokens.MAX_FAILURES; i++) {
                assertThat(RawHttp.get("127.0.0.7", port, "GET", "/v1/jobs", "Authorization: Bearer guess-" + i)
                                .status())
                        .isEqualTo(401);
            }
            RawHttp.Answer blocked = RawHttp.get("127.0.0.7", port, "GET", "/v1/jobs", "Authorization: Bearer guess-x");
            assertThat(blocked.status()).isEqualTo(429);
            assertThat(blocked.body()).contains("too-many-failed-tokens");
            assertThat(Long.parseLong(blocked.header("Retry-After"))).isBetween(1L, FailedTokens.WINDOW.toSeconds());
            assertThat(RawHttp.get("127.0.0.8", port, "GET", "/v1/jobs", "Authorization: Bearer wrong")
                            .status())
                    .as("another address still gets its 401")
                    .isEqualTo(401);
            assertThat(RawHttp.get("127.0.0.8", port, "GET", "/v1/jobs", "Authorization: Bearer " + TOKEN)
                            .status())
                    .isEqualTo(200);
            assertThat(RawHttp.get("127.0.0.9", port, "GET", "/v1/jobs").status())
                    .as("no token is no guess")
                    .isEqualTo(401);
        }
    }

    private static TestServer server(String token, ClientLimits limits) {
        TestServer s = new TestServer(TestServer.Setup.defaults().token(token).limits(limits));
        s.ports.listJobs = (limit, before) -> new ListJobs.Page(List.of(), null);
        return s;
    }

    /** Whether the server closes this (silent) connection within 10 s. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Sends a little more; false once the server has closed the connection. */
    private static boolean trickle(Socket socket, String more) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(more.getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.setSoTimeout(1);
            try {
                return socket.getInputStream().read() != -1 || false;
            } catch (SocketTimeoutException e) {
                return true; // nothing to read: still open
            }
        } catch (IOException e) {
            return false;
        }
    }

    static byte[] chunked(String target, byte[] body, int chunk) {
        StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        for (int at = 0; at < body.length; at += chunk) {
            int n = Math.min(chunk, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
