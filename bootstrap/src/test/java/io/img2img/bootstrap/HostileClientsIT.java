package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security review 2026-12-07, findings 8 and 9, against the fat jar with the launcher's heap ({@code -Xmx1g
 * -XX:+UseSerialGC}): concurrent chunked bodies near the body limit get clean 4xx answers (they were buffered whole
 * before: OutOfMemoryError and 500s), and a normal client is answered within a generous bound while hundreds of
 * slow-header and slow-body connections are held open. The latencies are printed for docs/benchmarks.md; the
 * bound asserted here is generous (2 s), not a benchmark. {@code HOSTILE_CLIENTS_JAR} runs it against another jar
 * (an older build, to see the findings).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HostileClientsIT {
    private static final int CHUNKED_BODIES = 16;
    private static final int CHUNKED_BYTES = 30 * 1000 * 1000; // under the 32 MiB default limit, as in the review
    private static final int SLOW_HEADERS = 400;
    private static final int SLOW_BODIES = 200;
    /** Attackers come from many loopback addresses (each within its per-address share); the client from 127.0.0.2. */
    private static final int ATTACK_ADDRESSES = 12;

    @TempDir
    Path dir;

    @Test
    void concurrentChunkedBodiesNearTheLimitGetClean4xxOnTheLaunchersHeap() throws Exception {
        try (ServeProcess serve =
                ServeProcess.start(launcherJava(), ServeProcess.env(dir, "IMG2IMG_BACKEND", "local"))) {
            int port = URI.create(serve.base).getPort();
            ExecutorService pool = Executors.newFixedThreadPool(CHUNKED_BODIES * 2);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                // every body is 90 % sent before any is finished: a server that buffers bodies holds them all at once
                CyclicBarrier nearlySent = new CyclicBarrier(CHUNKED_BODIES);
                for (int i = 0; i < CHUNKED_BODIES; i++) {
                    answers.add(pool.submit(() -> chunkedPost(port, pool, nearlySent)));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> answer : answers) {
                    statuses.add(answer.get(240, TimeUnit.SECONDS));
                }
                System.out.println(
                        "chunked bodies: " + CHUNKED_BODIES + " x " + CHUNKED_BYTES + " bytes -> " + statuses);
                assertThat(statuses)
                        .as(serve.stderrText())
                        .allSatisfy(status -> assertThat(status).isBetween(400, 499));
            } finally {
                pool.shutdownNow();
            }
            assertThat(status(
                            port, "127.0.0.1", "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                    .isEqualTo(200);
            assertThat(serve.stderrText()).doesNotContain("OutOfMemoryError");
        }
    }

    @Test
    void aNormalClientIsAnsweredWhileHundredsOfSlowClientsHoldConnections() throws Exception {
        try (ServeProcess serve =
                ServeProcess.start(launcherJava(), ServeProcess.env(dir, "IMG2IMG_BACKEND", "local"))) {
            int port = URI.create(serve.base).getPort();
            AtomicBoolean attacking = new AtomicBoolean(true);
            AtomicInteger open = new AtomicInteger();
            AtomicInteger reconnects = new AtomicInteger();
            ExecutorService attackers = Executors.newFixedThreadPool(ATTACK_ADDRESSES * 2);
            try {
                for (int a = 0; a < ATTACK_ADDRESSES; a++) {
                    String from = "127.1.0." + (a + 1);
                    attackers.submit(() -> slowClients(
                            port, from, SLOW_HEADERS / ATTACK_ADDRESSES, false, attacking, open, reconnects));
                    attackers.submit(() ->
                            slowClients(port, from, SLOW_BODIES / ATTACK_ADDRESSES, true, attacking, open, reconnects));
                }
                // most slow connections are open (or 30 s passed: the line below says how many)
                io.img2img.application.testkit.Await.until(
                        open::get, n -> n >= (SLOW_HEADERS + SLOW_BODIES) * 9 / 10, java.time.Duration.ofSeconds(30));
                System.out.println("slow connections open before measuring: " + open.get());
                String dryRun = "{\"modelId\":\"model_example\",\"prompt\":\"a lighthouse\",\"image\":\"" + pngDataUrl()
                        + "\"}";
                List<Long> health = new ArrayList<>();
                List<Long> dry = new ArrayList<>();
                List<Integer> openAtSample = new ArrayList<>();
                for (int sample = 0; sample < 10; sample++) {
                    openAtSample.add(open.get());
                    long t0 = System.nanoTime();
                    assertThat(status(
                                    port,
                                    "127.0.0.2",
                                    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                            .isEqualTo(200);
                    health.add((System.nanoTime() - t0) / 1_000_000);
                    byte[] body = dryRun.getBytes(StandardCharsets.UTF_8);
                    long t1 = System.nanoTime();
                    assertThat(status(
                                    port,
                                    "127.0.0.2",
                                    "POST /v1/generate/img2img?dryRun=true HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                            + "Content-Type: application/json\r\nContent-Length: " + body.length
                                            + "\r\nConnection: close\r\n\r\n"
                                            + dryRun))
                            .isEqualTo(200);
                    dry.add((System.nanoTime() - t1) / 1_000_000);
                    Thread.sleep(1500); // spread the samples over the attack (they are not the proof; the bound is)
                }
                System.out.println(
                        "slow connections open at each sample: " + openAtSample + "; reconnects: " + reconnects.get());
                System.out.println("GET /health ms: " + health + "; dry run ms: " + dry);
                assertThat(reconnects.get())
                        .as("slow clients are let go (header deadline, body data rate), not held")
                        .isPositive();
                assertThat(health).allSatisfy(ms -> assertThat(ms).isLessThan(2000));
                assertThat(dry).allSatisfy(ms -> assertThat(ms).isLessThan(2000));
            } finally {
                attacking.set(false);
                attackers.shutdown();
                attackers.awaitTermination(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * {@code count} connections from {@code from} that trickle a header line (or one body byte) every 2 s and never
     * finish their request; one the server cuts is opened again, until {@code attacking} ends (bounded by the test).
     */
    private static void slowClients(
            int port,
            String from,
            int count,
            boolean body,
            AtomicBoolean attacking,
            AtomicInteger open,
            AtomicInteger reconnects) {
        Socket[] sockets = new Socket[count];
        try {
            for (int round = 0; attacking.get() && round < 120; round++) {
                for (int i = 0; i < count; i++) {
                    if (sockets[i] == null) {
                        sockets[i] = openSlow(port, from, body);
                        if (sockets[i] != null) {
                            open.incrementAndGet();
                            if (round > 0) {
                                reconnects.incrementAndGet();
                            }
                        }
                        continue;
                    }
                    try {
                        sockets[i]
                                .getOutputStream()
                                .write((body ? " " : "X-Slow-" + round + ": 1\r\n")
                                        .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        close(sockets[i]);
                        sockets[i] = null;
                        open.decrementAndGet();
                    }
                }
                for (int t = 0; t < 20 && attacking.get(); t++) {
                    Thread.sleep(100); // the attacker's own pace between rounds: part of the attack
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Socket socket : sockets) {
                if (socket != null) {
                    close(socket);
                    open.decrementAndGet();
                }
            }
        }
    }

    private static Socket openSlow(int port, String from, boolean body) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            String start = body
                    ? "POST /v1/generate/img2img HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000000\r\n\r\n{"
                    : "GET /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n";
            socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
            return socket;
        } catch (IOException e) {
            return null; // refused: tried again next round
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** One chunked JSON body of {@link #CHUNKED_BYTES}, written by another thread while this one reads the answer. */
    private static int chunkedPost(int port, ExecutorService pool, CyclicBarrier nearlySent) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(200_000);
            OutputStream out = socket.getOutputStream();
            Future<?> writer = pool.submit(() -> {
                try {
                    out.write(
                            ("POST /v1/generate/img2img HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, (byte) ' '); // whitespace inside the array below: valid JSON, costly to hold
                    writeChunk(
                            out,
                            "{\"modelId\":\"model_example\",\"prompt\":\"x\",\"pad\":["
                                    .getBytes(StandardCharsets.US_ASCII));
                    for (int sent = 0; sent < CHUNKED_BYTES; sent += chunk.length) {
                        writeChunk(out, chunk);
                        if (sent < CHUNKED_BYTES * 9L / 10 && sent + chunk.length >= CHUNKED_BYTES * 9L / 10) {
                            try {
                                nearlySent.await(120, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                // another body failed early: send the rest anyway
                            }
                        }
                    }
                    writeChunk(out, "]}".getBytes(StandardCharsets.US_ASCII));
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed before the whole body: what it answered is read below
                }
                return null;
            });
            int status = readStatus(socket.getInputStream());
            writer.cancel(true);
            return status;
        }
    }

    private static void writeChunk(OutputStream out, byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static int status(int port, String from, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return readStatus(socket.getInputStream());
        }
    }

    /** The status of the answer's first line; -1 when the connection ended without one. */
    private static int readStatus(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                line.write(b);
            }
        } catch (IOException e) {
            // reset: no answer
        }
        String[] parts = line.toString(StandardCharsets.US_ASCII).split(" ");
        return parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
    }

    /** The fat jar run as the launcher runs it: its heap and collector. */
    private static List<String> launcherJava() {
        String jar = System.getenv().getOrDefault("HOSTILE_CLIENTS_JAR", Processes.JAR.toString());
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:disable",
                "-Xlog:all=warning:stderr",
                "-Xmx1g",
                "-XX:+UseSerialGC",
                "-jar",
                jar);
    }

    private static String pngDataUrl() {
        return "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(FakeScenario.png());
    }
}
