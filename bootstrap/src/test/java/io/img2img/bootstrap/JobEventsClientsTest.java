package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.testkit.Await;
import io.img2img.domain.result.ProducedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that misbehave never cost the others (SPEC §6): one that stops reading is dropped while another reads
 * its whole stream on time, and one that disconnects frees its slot at once, not at the next heartbeat (15 s).
 */
class JobEventsClientsTest {
    private static final String ELSEWHERE = "scenario https://elsewhere.example/v1 #0000";
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @TempDir
    Path outputs;

    private InProcessServer server;
    private JobLedger ledger;
    private String base;

    private void start(int maxStreams) throws Exception {
        server = InProcessServer.local(outputs, "--max-event-streams", Integer.toString(maxStreams));
        ledger = server.injector.getInstance(JobLedger.class);
        base = server.base;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClientThatStopsReadingIsDroppedWhileAnotherReadsTheWholeStreamOnTime() throws Exception {
        start(2);
        LedgerJob job = ledger.accept(new NewJob(
                        "job_events_big1",
                        ELSEWHERE,
                        JobState.CLAIMED,
                        "elsewhere",
                        "7",
                        1.0,
                        null,
                        Map.of("prompt", "p"),
                        null,
                        null,
                        null,
                        0))
                .job();
        job = ledger.markSubmitting(job).orElseThrow();
        job = ledger.markSubmitted(job, "remote_big1", null).orElseThrow();
        String path = "/v1/jobs/" + job.jobId() + "/events";
        try (Socket stalled = openNeverReading(path);
                EventStreamClient reader = new EventStreamClient(base + path, null)) {
            assertThat(reader.next().type()).isEqualTo("status");
            List<ProducedImage> images = new ArrayList<>();
            for (int i = 0; i < 40; i++) { // about 8 MB of image events: far more than the stalled socket takes
                images.add(bigImage(i));
                job = ledger.recordProgress(job, (i + 1) / 50.0, List.of(images.get(i)))
                        .orElseThrow();
                assertThat(List.of(reader.next().type(), reader.next().type())).containsExactly("progress", "image");
            }
            job = ledger.finish(job, JobEnd.success(images)).orElseThrow();
            assertThat(reader.rest()).extracting(EventStreamClient.Event::type).containsExactly("result");
            // both slots are free again while the stalled client still has not read a byte
            String other = "/v1/jobs/"
                    + ledger.accept(new NewJob(
                                    "job_events_other2",
                                    ELSEWHERE,
                                    JobState.QUEUED,
                                    null,
                                    "7",
                                    1.0,
                                    null,
                                    Map.of("prompt", "p"),
                                    new byte[] {1},
                                    null,
                                    null,
                                    10))
                            .job()
                            .jobId()
                    + "/events";
            try (EventStreamClient holding = new EventStreamClient(base + other, null)) {
                assertThat(holding.response.code()).isEqualTo(200);
                assertThat(admittedWithin(other, PROMPTLY))
                        .as("the stalled client's slot was freed")
                        .isTrue();
            }
            assertThat(ended(stalled))
                    .as("the stalled client's connection was cut")
                    .isTrue();
        }
    }

    @Test
    void aClientThatDisconnectsFreesItsSlotWithoutWaitingForAHeartbeat() throws Exception {
        start(1);
        LedgerJob job = ledger.accept(new NewJob(
                        "job_events_gone1",
                        ELSEWHERE,
                        JobState.QUEUED,
                        null,
                        "7",
                        1.0,
                        null,
                        Map.of("prompt", "p"),
                        new byte[] {1},
                        null,
                        null,
                        10))
                .job();
        String path = "/v1/jobs/" + job.jobId() + "/events";
        try (EventStreamClient first = new EventStreamClient(base + path, null)) {
            assertThat(first.next().type()).isEqualTo("status");
            assertThat(get(base + path).statusCode())
                    .as("the only slot is taken")
                    .isEqualTo(503);
        } // the client disconnects; the job does not change, so nothing is written to it for 15 s
        assertThat(admittedWithin(path, PROMPTLY))
                .as("its slot is free within " + PROMPTLY)
                .isTrue();
    }

    /** A client with a tiny receive buffer that sends its request and never reads a byte. */
    private Socket openNeverReading(String path) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
        socket.getOutputStream()
                .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                                + "\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Reads what the server sent until the connection ends: true when it ended (closed or reset). */
    private static boolean ended(Socket socket) {
        try {
            socket.setSoTimeout((int) PROMPTLY.toMillis());
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1 << 16];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Whether a new stream of the path is admitted (200, not 503) before the deadline; each try ends its stream. */
    private boolean admittedWithin(String path, Duration deadline) throws Exception {
        return Await.until(
                        () -> {
                            try (EventStreamClient client = new EventStreamClient(base + path, null)) {
                                return client.response.code();
                            } catch (IOException e) {
                                return -1;
                            }
                        },
                        code -> code == 200,
                        deadline)
                == 200;
    }

    private static ProducedImage bigImage(int i) {
        return new ProducedImage(
                "asset_big_" + i, "https://cdn.example/" + "x".repeat(200_000) + "/" + i, "image/png", 64, 64, null);
    }
}
