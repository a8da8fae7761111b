package io.img2img.adapter.rest;

import static io.img2img.adapter.rest.TestServer.body;
import static io.img2img.adapter.rest.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.adapter.http.ClientLimits;
import io.img2img.application.port.in.ObserveJob;
import io.img2img.application.testkit.Await;
import io.img2img.domain.result.ErrorCode;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Security review 2026-12-07, finding 11: one client (one remote address; 127.0.0.2 is another client than
 * 127.0.0.1) cannot take every event stream or fill the whole queue: past its share it gets 429 + Retry-After,
 * while another client is still served.
 */
class FairShareTest {
    private static final ClientLimits TWO_STREAMS =
            new ClientLimits(Duration.ofSeconds(20), Duration.ofSeconds(10), 1024, 2048, 128, 2);

    @Test
    void oneClientHoldsAtMostItsShareOfEventStreams() throws Exception {
        try (TestServer s = new TestServer(TestServer.Setup.defaults().limits(TWO_STREAMS))) {
            String jobId = "job_held";
            // the job stays in progress: its streams stay open
            s.ports.now =
                    id -> Optional.of(new ObserveJob.Moment(StubUseCases.inProgress(id, 0.1), 1, false, null, 1, 1));
            int port = s.server.port();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Socket socket = events("127.0.0.1", port, jobId);
                    held.add(socket);
                    assertThat(RawHttp.head(socket).status()).isEqualTo(200);
                }
                Socket third = events("127.0.0.1", port, jobId);
                held.add(third);
                RawHttp.Answer refused = RawHttp.head(third);
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.header("Retry-After")).isNotBlank();
                Socket other = events("127.0.0.2", port, jobId);
                held.add(other);
                assertThat(RawHttp.head(other).status())
                        .as("another client keeps its share")
                        .isEqualTo(200);

                held.get(0).close(); // a stream ends: its slot is the client's again
                Await.until(
                        () -> {
                            try (Socket again = events("127.0.0.1", port, jobId)) {
                                return RawHttp.head(again).status();
                            }
                        },
                        status -> status == 200,
                        Duration.ofSeconds(10));
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void eachClientIsToldApartByItsAddressAndPastItsShareOfTheQueueIs429WithRetryAfter() throws Exception {
        try (TestServer s = new TestServer()) {
            // the application counts each client's queued jobs; here 127.0.0.1 has used its share, 127.0.0.2 has not
            s.ports.generate = call -> "127.0.0.1".equals(call.client())
                    ? StubUseCases.refused(
                            ErrorCode.CLIENT_QUEUE_FULL, "this client holds its share", Duration.ofSeconds(4))
                    : StubUseCases.queued("job_other", 3);
            HttpResponse<String> refused = s.post("/v1/generate/img2img", body(), "Prefer", "wait=0");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(json(refused).get("code").asText()).isEqualTo("client-queue-full");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("4");

            String json = TestServer.JSON.writeValueAsString(body());
            RawHttp.Answer other = RawHttp.exchange(
                    "127.0.0.2",
                    s.server.port(),
                    ("POST /v1/generate/img2img HTTP/1.1\r\n"
                                    + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nPrefer: wait=0\r\nContent-Length: "
                                    + json.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n"
                                    + json)
                            .getBytes(StandardCharsets.UTF_8));
            assertThat(other.status()).as(other.body()).isEqualTo(202);
            assertThat(other.body()).contains("\"queued\"");
            assertThat(s.ports.generateCalls)
                    .extracting(StubUseCases.GenerateCall::client)
                    .containsExactly("127.0.0.1", "127.0.0.2");
        }
    }

    private static Socket events(String from, int port, String jobId) throws Exception {
        Socket socket = RawHttp.open(from, port);
        socket.getOutputStream()
                .write(("GET /v1/jobs/" + jobId + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                + "Accept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        return socket;
    }
}
