package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.JSON;
import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.img2img.adapter.http.HttpServer;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.NewJob;
import io.img2img.domain.result.ProducedImage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job events over real HTTP from the whole `serve` graph on a SQLite ledger of its own. Jobs of a backend identity
 * this server does not run are written to the same ledger by the test, as another process would: every step is
 * the test's, so the exact event sequence can be asserted, and those writes reach the streams only through the
 * ledger's change counter (the cross-process path).
 */
class JobEventsTest {
    private static final String ELSEWHERE = "scenario https://elsewhere.example/v1 #0000";

    @TempDir
    Path outputs;

    private HttpServer server;
    private JobLedger ledger;
    private String base;
    private final String databaseUrl = TempLedger.url();

    @BeforeEach
    void start() throws Exception {
        start("256");
    }

    private void start(String maxStreams) throws Exception {
        Injector injector = graph(maxStreams);
        server = injector.getInstance(HttpServer.class);
        ledger = injector.getInstance(JobLedger.class);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    /** A `serve` graph on this test's ledger: another process sharing the same SQLite file. */
    private Injector graph(String maxStreams) throws Exception {
        Settings settings = Settings.parse(
                "serve",
                List.of(
                        "--port",
                        "0",
                        "--backend",
                        "local",
                        "--output-dir",
                        outputs.toString(),
                        "--database-url",
                        databaseUrl,
                        "--max-event-streams",
                        maxStreams),
                Map.of());
        return Guice.createInjector(Main.modules(settings));
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(5));
    }

    @Test
    void aLocalJobsStreamCarriesEachImageOnceThenTheResultAndEnds() throws Exception {
        HttpResponse<String> accepted = post(
                base + "/v1/generate/img2img", body("numSamples", 3, "width", 128, "height", 128), "Prefer", "wait=0");
        String jobId = json(accepted).get("jobId").asText();
        List<EventStreamClient.Event> events;
        try (EventStreamClient client = new EventStreamClient(base + "/v1/jobs/" + jobId + "/events", null)) {
            assertThat(client.response.code()).isEqualTo(200);
            assertThat(client.response.header("Content-Type")).startsWith("text/event-stream");
            assertThat(client.response.header("Cache-Control")).isEqualTo("no-cache");
            events = client.rest();
        }
        List<String> types = events.stream().map(EventStreamClient.Event::type).toList();
        assertThat(types.get(types.size() - 1)).isEqualTo("result");
        assertThat(types).containsOnly("status", "progress", "image", "result");
        JsonNode result = JSON.readTree(events.get(events.size() - 1).data());
        assertThat(result.get("status").asText()).isEqualTo("success");
        List<String> streamed = new ArrayList<>();
        for (EventStreamClient.Event e : events) {
            if (e.type().equals("image")) {
                JsonNode data = JSON.readTree(e.data());
                assertThat(data.get("jobId").asText()).isEqualTo(jobId);
                assertThat(data.get("image").get("url").asText()).startsWith(base + "/v1/assets/");
                streamed.add(data.get("image").get("assetId").asText());
            }
        }
        List<String> final3 = new ArrayList<>();
        result.get("images").forEach(i -> final3.add(i.get("assetId").asText()));
        assertThat(streamed).containsExactlyElementsOf(final3).hasSize(3);
        long[] ids = events.stream()
                .filter(e -> e.lastEventId() != null)
                .mapToLong(e -> Long.parseLong(e.lastEventId()))
                .toArray();
        for (int i = 1; i < ids.length; i++) {
            assertThat(ids[i]).isGreaterThanOrEqualTo(ids[i - 1]);
        }
        // the final event names the job's final version: a reconnect with it is answered with nothing, and ends
        try (EventStreamClient again = new EventStreamClient(
                base + "/v1/jobs/" + jobId + "/events",
                events.get(events.size() - 1).lastEventId())) {
            assertThat(again.rest()).isEmpty();
        }
    }

    @Test
    void aClientThatReconnectsWithLastEventIdGetsTheRestExactlyOnce() throws Exception {
        LedgerJob job = accept("job_events_resume1", JobState.CLAIMED, "elsewhere-1");
        job = ledger.markSubmitting(job).orElseThrow();
        job = ledger.markSubmitted(job, "remote_1", null).orElseThrow();
        job = ledger.recordProgress(job, 0.25, List.of(image("asset_one"))).orElseThrow();
        String url = base + "/v1/jobs/" + job.jobId() + "/events";
        String lastId;
        try (EventStreamClient first = new EventStreamClient(url, null)) {
            EventStreamClient.Event status = first.next();
            EventStreamClient.Event image = first.next();
            assertThat(List.of(status.type(), image.type())).containsExactly("status", "image");
            assertThat(JSON.readTree(status.data()).get("status").asText()).isEqualTo("in-progress");
            assertThat(status.lastEventId()).isNull(); // one version's events: only the last carries its id
            assertThat(image.lastEventId()).isEqualTo(Long.toString(job.version()));
            assertThat(JSON.readTree(image.data()).get("image").get("assetId").asText())
                    .isEqualTo("asset_one");
            lastId = first.lastEventId;
        } // the client goes away; the job goes on
        job = ledger.recordProgress(job, 0.5, List.of(image("asset_two"))).orElseThrow();
        job = ledger.recordProgress(job, 0.75, List.of()).orElseThrow();
        job = ledger.finish(job, JobEnd.success(List.of(image("asset_one"), image("asset_two"), image("asset_three"))))
                .orElseThrow();
        try (EventStreamClient second = new EventStreamClient(url, lastId)) {
            List<EventStreamClient.Event> rest = second.rest();
            assertThat(rest).extracting(EventStreamClient.Event::type).containsExactly("image", "image", "result");
            assertThat(rest)
                    .extracting(EventStreamClient.Event::lastEventId)
                    .containsExactly(lastId, lastId, Long.toString(job.version()));
            assertThat(JSON.readTree(rest.get(0).data())
                            .get("image")
                            .get("assetId")
                            .asText())
                    .isEqualTo("asset_two");
            assertThat(JSON.readTree(rest.get(1).data())
                            .get("image")
                            .get("assetId")
                            .asText())
                    .isEqualTo("asset_three");
            assertThat(JSON.readTree(rest.get(2).data()).get("images")).hasSize(3);
        }
        // from a version before the first image: all three, from the version that held one: two
        assertThat(imagesAfter(url, "1")).containsExactly("asset_one", "asset_two", "asset_three");
        assertThat(imagesAfter(url, lastId)).containsExactly("asset_two", "asset_three");
    }

    @Test
    void aStreamResumesOnAnotherServerSharingTheLedger() throws Exception {
        LedgerJob job = accept("job_events_other1", JobState.CLAIMED, "elsewhere-3");
        job = ledger.markSubmitting(job).orElseThrow();
        job = ledger.markSubmitted(job, "remote_3", null).orElseThrow();
        job = ledger.recordProgress(job, 0.5, List.of(image("asset_first"))).orElseThrow();
        String lastId;
        try (EventStreamClient first = new EventStreamClient(base + "/v1/jobs/" + job.jobId() + "/events", null)) {
            assertThat(first.next().type()).isEqualTo("status");
            assertThat(first.next().type()).isEqualTo("image");
            lastId = first.lastEventId;
        }
        HttpServer other = graph("256").getInstance(HttpServer.class);
        other.start();
        try (EventStreamClient second = new EventStreamClient(
                "http://127.0.0.1:" + other.port() + "/v1/jobs/" + job.jobId() + "/events", lastId)) {
            job = ledger.finish(job, JobEnd.success(List.of(image("asset_first"), image("asset_second"))))
                    .orElseThrow();
            List<EventStreamClient.Event> rest = second.rest();
            assertThat(rest).extracting(EventStreamClient.Event::type).containsExactly("image", "result");
            assertThat(JSON.readTree(rest.get(0).data())
                            .get("image")
                            .get("assetId")
                            .asText())
                    .isEqualTo("asset_second");
            assertThat(rest.get(1).lastEventId()).isEqualTo(Long.toString(job.version()));
        } finally {
            other.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aQueuedJobShowsItsQueuePositionThenInProgressWhileTheClientWatches() throws Exception {
        LedgerJob ahead = accept("job_events_ahead1", JobState.QUEUED, null);
        LedgerJob behind = accept("job_events_behind1", JobState.QUEUED, null);
        try (EventStreamClient client = new EventStreamClient(base + "/v1/jobs/" + behind.jobId() + "/events", null)) {
            JsonNode second = JSON.readTree(client.next().data());
            assertThat(second.get("status").asText()).isEqualTo("queued");
            assertThat(second.get("queuePosition").asInt()).isEqualTo(2);
            assertThat(ledger.claimOldestQueued(ELSEWHERE, "elsewhere-2"))
                    .get()
                    .extracting(LedgerJob::jobId)
                    .isEqualTo(ahead.jobId());
            EventStreamClient.Event moved = client.next(); // a position moves with no new version of the job (F12)
            assertThat(moved.type()).isEqualTo("progress");
            assertThat(moved.lastEventId())
                    .as("the version the client holds")
                    .isEqualTo(Long.toString(behind.version()));
            JsonNode first = JSON.readTree(moved.data());
            assertThat(first.get("queuePosition").asInt()).isEqualTo(1);
            assertThat(ledger.claimOldestQueued(ELSEWHERE, "elsewhere-2")).isPresent();
            EventStreamClient.Event running = client.next();
            assertThat(running.type()).isEqualTo("status");
            assertThat(JSON.readTree(running.data()).get("status").asText()).isEqualTo("in-progress");
            assertThat(JSON.readTree(running.data()).has("queuePosition")).isFalse();
        }
    }

    @Test
    void theStopEndsOpenStreamsWithoutWaitingOutItsGrace() throws Exception {
        LedgerJob job = accept("job_events_stop1", JobState.QUEUED, null);
        try (EventStreamClient client = new EventStreamClient(base + "/v1/jobs/" + job.jobId() + "/events", null)) {
            assertThat(client.next().type()).isEqualTo("status");
            long began = System.nanoTime();
            server.stop(Duration.ofSeconds(30));
            assertThat(client.next()).isNull(); // the stream ended, the job did not
            assertThat(Duration.ofNanos(System.nanoTime() - began))
                    .as("well inside the 30 s grace")
                    .isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void unknownAndBadRequestsAreProblemsBeforeAnyStream() throws Exception {
        HttpResponse<String> unknown = get(base + "/v1/jobs/job_nosuchjob1/events");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        LedgerJob job = accept("job_events_badid1", JobState.QUEUED, null);
        HttpResponse<String> badId = get(base + "/v1/jobs/" + job.jobId() + "/events", "Last-Event-ID", "yesterday");
        assertThat(badId.statusCode()).isEqualTo(400);
    }

    @Test
    void pastTheCapAStreamIs503WithRetryAfter() throws Exception {
        server.stop(Duration.ofSeconds(5));
        start("1");
        LedgerJob job = accept("job_events_cap1", JobState.QUEUED, null);
        String url = base + "/v1/jobs/" + job.jobId() + "/events";
        try (EventStreamClient first = new EventStreamClient(url, null)) {
            assertThat(first.next().type()).isEqualTo("status");
            HttpResponse<String> second = get(url);
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(second).get("code").asText()).isEqualTo("too-many-event-streams");
        }
    }

    private List<String> imagesAfter(String url, String lastEventId) throws Exception {
        try (EventStreamClient client = new EventStreamClient(url, lastEventId)) {
            List<String> ids = new ArrayList<>();
            for (EventStreamClient.Event e : client.rest()) {
                if (e.type().equals("image")) {
                    ids.add(JSON.readTree(e.data()).get("image").get("assetId").asText());
                }
            }
            return ids;
        }
    }

    private LedgerJob accept(String jobId, JobState state, String holder) {
        return ledger.accept(new NewJob(
                        jobId,
                        ELSEWHERE,
                        state,
                        holder,
                        "7",
                        1.0,
                        null,
                        Map.of("prompt", "p"),
                        state == JobState.QUEUED ? new byte[] {1} : null,
                        null,
                        null,
                        state == JobState.QUEUED ? 10 : 0))
                .job();
    }

    private static ProducedImage image(String assetId) {
        return new ProducedImage(assetId, null, "image/png", 64, 64, null);
    }
}
