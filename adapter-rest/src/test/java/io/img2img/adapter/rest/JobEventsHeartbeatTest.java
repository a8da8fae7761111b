package io.img2img.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.in.ObserveJob;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A quiet job event stream stays alive with heartbeat comments (the interval shortened; 15 s in a real server). */
class JobEventsHeartbeatTest {
    @Test
    void aQuietStreamGetsHeartbeatCommentsAndTheRouteIsDescribed() throws Exception {
        try (TestServer s = new TestServer(TestServer.Setup.defaults().eventHeartbeat(Duration.ofMillis(100)))) {
            // a queued job that never changes
            s.ports.now = id -> Optional.of(new ObserveJob.Moment(StubUseCases.queued(id, 1), 1, false, 1, 1, 1));
            HttpResponse<InputStream> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(s.base + "/v1/jobs/job_quiet1/events"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                List<String> read = new ArrayList<>();
                int heartbeats = 0;
                while (heartbeats < 2) { // the job never changes: only heartbeats follow its first status
                    String line = lines.readLine();
                    read.add(line);
                    heartbeats += ": heartbeat".equals(line) ? 1 : 0;
                }
                assertThat(read.subList(0, 3))
                        .containsExactly(
                                "id: 1",
                                "event: status",
                                "data: {\"jobId\":\"job_quiet1\",\"status\":\"queued\",\"progress\":0.0,\"queuePosition\":1}");
                assertThat(read.subList(3, read.size())).containsOnly("", ": heartbeat");
            }
            var doc = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(s.get("/openapi.json").body());
            var op = doc.at("/paths/~1v1~1jobs~1{jobId}~1events/get");
            assertThat(op.at("/responses/200/content").has("text/event-stream")).isTrue();
            assertThat(op.get("responses").has("503")).isTrue();
            assertThat(op.get("responses").has("410")).isTrue();
        }
    }
}
