package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import io.img2img.adapter.http.HttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real jobs, one slot: a job started behind another is followed by a client that leaves after some events and
 * comes back with {@code Last-Event-ID} (SPEC §6): whatever the point (queued, in progress, after images), every
 * image and the result arrive exactly once and no event is repeated. Local and Scenario (on MockWebServer).
 */
class JobEventsResumeBackendsTest {
    @TempDir
    Path outputs;

    private HttpServer server;
    private FakeScenario scenario;
    private String base;

    private void start(List<String> arguments, Map<String, String> environment) throws Exception {
        List<String> all = new ArrayList<>(
                List.of("--port", "0", "--output-dir", outputs.toString(), "--database-url", TempLedger.url()));
        all.addAll(arguments);
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("IMG2IMG_MAX_CONCURRENT_JOBS", "1");
        server = Guice.createInjector(Main.modules(Settings.parse("serve", all, env)))
                .getInstance(HttpServer.class);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(5));
        }
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void localJobsFollowedWithAClientThatLeavesAfterOneToFiveEvents() throws Exception {
        start(List.of("--backend", "local"), Map.of());
        for (int leaveAfter = 1; leaveAfter <= 5; leaveAfter++) {
            post(base + "/v1/generate/img2img", body("numSamples", 4, "width", 512, "height", 512), "Prefer", "wait=0");
            String queued = json(post(
                            base + "/v1/generate/img2img",
                            body("numSamples", 3, "width", 256, "height", 256),
                            "Prefer",
                            "wait=0"))
                    .get("jobId")
                    .asText();
            String url = base + "/v1/jobs/" + queued + "/events";
            List<String> seen = new ArrayList<>();
            String lastId;
            try (EventStreamClient client = new EventStreamClient(url, null)) {
                seen.addAll(readWholeVersions(client, leaveAfter));
                lastId = client.lastEventId;
            }
            try (EventStreamClient client = new EventStreamClient(url, lastId)) {
                seen.addAll(rest(client));
            }
            assertExactlyOnce(
                    seen, 3); // where the client left depends on the renderer's pace: queued, running or after images
        }
    }

    @Test
    void aScenarioJobFollowedWhileQueuedThenInProgressWithTwoReconnects() throws Exception {
        scenario = new FakeScenario();
        scenario.jobsMayEnd = false; // the first job holds the only slot until the test lets jobs end
        start(
                List.of("--scenario-api-url", scenario.baseUrl()),
                Map.of("SCENARIO_API_KEY", "k", "SCENARIO_API_SECRET", "s"));
        post(base + "/v1/generate/img2img", body("modelId", "model_sdxl", "numSamples", 2), "Prefer", "wait=0");
        String queued = json(post(
                        base + "/v1/generate/img2img",
                        body("modelId", "model_sdxl", "numSamples", 2),
                        "Prefer",
                        "wait=0"))
                .get("jobId")
                .asText();
        String url = base + "/v1/jobs/" + queued + "/events";
        List<String> seen = new ArrayList<>();
        String lastId;
        try (EventStreamClient client = new EventStreamClient(url, null)) {
            seen.addAll(readWholeVersions(client, 1)); // queued
            lastId = client.lastEventId;
        }
        try (EventStreamClient client = new EventStreamClient(url, lastId)) {
            scenario.jobsMayEnd = true; // the first job ends, this one is claimed and sent
            seen.addAll(readWholeVersions(client, 1));
            lastId = client.lastEventId;
        }
        try (EventStreamClient client = new EventStreamClient(url, lastId)) {
            seen.addAll(rest(client));
        }
        assertThat(seen.get(0)).isEqualTo("status queued #1");
        assertExactlyOnce(seen, 2);
    }

    /**
     * At least {@code count} events, read on to the end of the version the last one belongs to: one version's
     * events go out in one write and only its last carries the id, so a client cut inside one write resumes from
     * the version before and gets that write again (the SSE rule); a client leaving between writes gets nothing twice.
     */
    private static List<String> readWholeVersions(EventStreamClient client, int count) throws Exception {
        List<String> lines = new ArrayList<>();
        String idBefore = client.lastEventId;
        boolean inside = false;
        while (lines.size() < count || inside) {
            EventStreamClient.Event event = client.next();
            assertThat(event).as("the stream ended early, after " + lines).isNotNull();
            if (!event.type().equals("comment")) {
                lines.add(JobEventsResumeTest.summary(event));
                inside = java.util.Objects.equals(
                        event.lastEventId(), idBefore); // no id yet: more of this version follow
                idBefore = event.lastEventId();
            }
        }
        return lines;
    }

    private static List<String> rest(EventStreamClient client) throws Exception {
        List<String> lines = new ArrayList<>();
        for (EventStreamClient.Event e : client.rest()) {
            lines.add(JobEventsResumeTest.summary(e));
        }
        return lines;
    }

    /** Each image once, the result once and last with those images, and no event twice. */
    private static void assertExactlyOnce(List<String> seen, int images) {
        assertThat(seen).as("no event repeated").doesNotHaveDuplicates();
        assertThat(seen.get(seen.size() - 1)).isEqualTo("result success " + images);
        assertThat(seen).filteredOn(e -> e.startsWith("result")).hasSize(1);
        assertThat(seen).filteredOn(e -> e.startsWith("image")).hasSize(images);
        List<Double> progress = seen.stream()
                .filter(e -> e.startsWith("progress"))
                .map(e -> Double.parseDouble(e.split(" ")[1]))
                .toList(); // "progress 0.5", or "progress 0.0 #2" while queued
        assertThat(progress).as("progress only moves on").isSorted();
    }
}
