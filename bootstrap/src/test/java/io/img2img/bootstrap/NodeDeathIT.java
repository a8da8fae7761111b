package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.adapter.ledger.testkit.PostgresTestServer;
import io.img2img.application.testkit.Await;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node death on PostgreSQL with local jobs (SPEC §10): node A, SIGKILLed while it runs one local job and three
 * more wait in the queue, loses them to nodes B and C: the queued ones are claimed at once, the cut-off one runs
 * again after the lease, and every job ends {@code success} within 2 × lease + 30 s. (A Scenario job followed
 * by another node after its node died: {@link NodesIT}.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeDeathIT {
    private static final int LEASE_SECONDS = 3;

    @TempDir
    Path dir;

    private PostgresTestServer.Settings server;
    private String database;
    private final List<ServeProcess> nodes = new ArrayList<>();

    @BeforeEach
    void createDatabase() throws Exception {
        server = PostgresTestServer.require();
        database = server.createDatabase();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (ServeProcess node : nodes) {
                node.close();
            }
        } finally {
            if (server != null) { // null when the test was skipped for want of a server
                server.dropDatabase(database);
            }
        }
    }

    private ServeProcess node() {
        try {
            ServeProcess node = ServeProcess.start(NodeCluster.nodeEnv(
                    server,
                    database,
                    dir,
                    "http://127.0.0.1:8080",
                    "IMG2IMG_BACKEND",
                    "local",
                    "IMG2IMG_LEASE_SECONDS",
                    String.valueOf(LEASE_SECONDS),
                    "IMG2IMG_MAX_CONCURRENT_JOBS",
                    "1"));
            synchronized (nodes) {
                nodes.add(node);
            }
            return node;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theLocalJobsOfAKilledNodeAllEndWellThroughTheOthers() throws Exception {
        ServeProcess a = node();
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = NodesIT.post(
                    a.url(NodesIT.GENERATE),
                    body("numSamples", 16, "width", 512, "height", 512, "seed", 500 + i),
                    "Prefer",
                    "wait=0");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            jobIds.add(json(r).get("jobId").asText());
        }
        String running = jobIds.get(0);
        Await.until(() -> progress(a, running), p -> p > 0, Duration.ofSeconds(30));
        a.kill();
        long killedAt = System.nanoTime();
        Map<String, String> states = states();
        assertThat(states.get(running)).as("A held a job in progress").isEqualTo("running");
        assertThat(jobIds.subList(1, 4)).allMatch(id -> states.get(id).equals("queued"));

        CompletableFuture<ServeProcess> startingC = CompletableFuture.supplyAsync(this::node);
        List<ServeProcess> others = List.of(node(), startingC.join());
        for (int i = 0; i < jobIds.size(); i++) {
            JsonNode end = NodesIT.followToTheEnd(others.get(i % 2).url("/v1/jobs/" + jobIds.get(i)));
            assertThat(end.get("status").asText()).as(end.toString()).isEqualTo("success");
            assertThat(end.get("images")).hasSize(16);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt))
                .isLessThan(Duration.ofSeconds(2L * LEASE_SECONDS + 30));
        assertThat(runs(running)).as("the cut-off job ran again elsewhere").isEqualTo(2);
    }

    private static double progress(ServeProcess node, String jobId) throws Exception {
        HttpResponse<String> r = NodesIT.get(node.url("/v1/jobs/" + jobId));
        return json(r).path("progress").asDouble();
    }

    private Map<String, String> states() throws Exception {
        Map<String, String> states = new java.util.HashMap<>();
        try (Connection db = server.connect(database);
                ResultSet rows = db.createStatement().executeQuery("SELECT job_id, state FROM jobs")) {
            while (rows.next()) {
                states.put(rows.getString(1), rows.getString(2));
            }
        }
        return states;
    }

    private int runs(String jobId) throws Exception {
        try (Connection db = server.connect(database);
                PreparedStatement select = db.prepareStatement("SELECT runs FROM jobs WHERE job_id = ?")) {
            select.setString(1, jobId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
