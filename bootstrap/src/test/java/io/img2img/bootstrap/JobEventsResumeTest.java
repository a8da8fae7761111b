package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.NewJob;
import io.img2img.domain.result.ProducedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that goes away at any point of a job's life and comes back with {@code Last-Event-ID} gets the rest
 * exactly once (SPEC §6): the job's life is scripted step by step through the shared ledger, as another process
 * would write it; one step happens while the client is away. Whatever the point, the events the client gets in
 * all equal those of a client that never left.
 */
class JobEventsResumeTest {
    private static final String ELSEWHERE = "scenario https://elsewhere.example/v1 #0000";
    /** What a client that never left sees, step by step (an empty step changes nothing a client is told). */
    private static final List<List<String>> EXPECTED = List.of(
            List.of("status queued #2"),
            List.of("progress 0.0 #1"), // the job ahead left: a position is computed when read, no new version (F12)
            List.of("status in-progress 0.0"),
            List.of(), // submitting: nothing to tell
            List.of(), // submitted: nothing to tell
            List.of("progress 0.25", "image asset_one"),
            List.of("progress 0.5"),
            List.of("image asset_two"), // the progress did not change: no progress event
            List.of("image asset_three", "result success 3"));

    @TempDir
    Path outputs;

    private InProcessServer server;
    private JobLedger ledger;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = InProcessServer.local(outputs);
        ledger = server.injector.getInstance(JobLedger.class);
        base = server.base;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClientThatLeavesAtAnyStepAndResumesGetsEveryEventExactlyOnce() throws Exception {
        for (int away = 1; away < EXPECTED.size(); away++) {
            assertThat(lifeWithAClientAwayAt(away))
                    .as("away during step " + away)
                    .containsExactlyElementsOf(
                            EXPECTED.stream().flatMap(List::stream).toList());
        }
    }

    /** Runs the scripted life of a new job; the client is away while step {@code away} is written. */
    private List<String> lifeWithAClientAwayAt(int away) throws Exception {
        Script script = new Script("job_resume_" + away);
        String url = base + "/v1/jobs/" + script.behind.jobId() + "/events";
        List<String> seen = new ArrayList<>();
        String lastId;
        try (EventStreamClient client = new EventStreamClient(url, null)) {
            for (int step = 0; step < away; step++) {
                script.step(step);
                seen.addAll(read(client, EXPECTED.get(step).size()));
            }
            lastId = client.lastEventId;
        }
        script.step(away);
        try (EventStreamClient client = new EventStreamClient(url, lastId)) {
            seen.addAll(read(client, EXPECTED.get(away).size()));
            for (int step = away + 1; step < EXPECTED.size(); step++) {
                script.step(step);
                seen.addAll(read(client, EXPECTED.get(step).size()));
            }
            assertThat(client.next()).as("the stream ends after the result").isNull();
        }
        return seen;
    }

    /** The job's life as another process writes it: queued behind another job, then claimed and run. */
    private final class Script {
        final LedgerJob ahead;
        LedgerJob behind;

        Script(String name) {
            ahead = accept(name + "_ahead");
            behind = accept(name);
        }

        void step(int step) {
            switch (step) {
                case 0 -> {} // both queued: the stream opens on it
                case 1 -> { // the job ahead leaves the queue (and ends at once, so no sweep ever brings it back)
                    LedgerJob claimed =
                            ledger.claimOldestQueued(ELSEWHERE, "elsewhere").orElseThrow();
                    assertThat(claimed.jobId()).isEqualTo(ahead.jobId());
                    ledger.finish(claimed, JobEnd.failure("job-failed", "scripted"));
                }
                case 2 ->
                    behind = ledger.claimOldestQueued(ELSEWHERE, "elsewhere").orElseThrow();
                case 3 -> behind = ledger.markSubmitting(behind).orElseThrow();
                case 4 ->
                    behind = ledger.markSubmitted(behind, "remote_" + behind.jobId(), null)
                            .orElseThrow();
                case 5 ->
                    behind = ledger.recordProgress(behind, 0.25, List.of(image("asset_one")))
                            .orElseThrow();
                case 6 -> behind = ledger.recordProgress(behind, 0.5, List.of()).orElseThrow();
                case 7 ->
                    behind = ledger.recordProgress(behind, 0.5, List.of(image("asset_two")))
                            .orElseThrow();
                case 8 ->
                    behind = ledger.finish(
                                    behind,
                                    JobEnd.success(
                                            List.of(image("asset_one"), image("asset_two"), image("asset_three"))))
                            .orElseThrow();
                default -> throw new IllegalArgumentException("no step " + step);
            }
        }
    }

    private LedgerJob accept(String jobId) {
        return ledger.accept(new NewJob(
                        jobId,
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
                        100))
                .job();
    }

    /** The next {@code count} events, each summed up as a line (heartbeat comments skipped). */
    static List<String> read(EventStreamClient client, int count) throws IOException {
        List<String> lines = new ArrayList<>();
        while (lines.size() < count) {
            EventStreamClient.Event event = client.next();
            assertThat(event).as("the stream ended early, after " + lines).isNotNull();
            if (!event.type().equals("comment")) {
                lines.add(summary(event));
            }
        }
        return lines;
    }

    static String summary(EventStreamClient.Event event) throws IOException {
        JsonNode data = JSON.readTree(event.data());
        return switch (event.type()) {
            case "status" ->
                "status " + data.get("status").asText()
                        + (data.has("queuePosition")
                                ? " #" + data.get("queuePosition").asInt()
                                : " " + data.get("progress").asDouble());
            case "progress" ->
                "progress " + data.get("progress").asDouble()
                        + (data.has("queuePosition")
                                ? " #" + data.get("queuePosition").asInt()
                                : "");
            case "image" -> "image " + data.get("image").get("assetId").asText();
            case "result" ->
                "result " + data.get("status").asText() + " "
                        + data.get("images").size();
            default -> event.type() + " " + event.data();
        };
    }

    private static ProducedImage image(String assetId) {
        return new ProducedImage(assetId, null, "image/png", 64, 64, null);
    }
}
