package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.json;

import io.img2img.adapter.ledger.testkit.PostgresTestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmarks of several {@code serve} nodes of the fat jar on one PostgreSQL (issue #15), run by
 * {@code bench/queue-nodes.sh} and {@code bench/cross-node-wake.sh}; each prints one markdown table row.
 * <ul>
 *   <li>{@code queue <nodes> <jobs>}: jobs through the shared queue per second with the local backend at its
 *   smallest request (1 × 64×64, nearly instant), 2 slots per node: the jobs are posted at once, round robin over
 *   the nodes, and timed on the database's clock from the first one's acceptance to the last one's end.</li>
 *   <li>{@code wake <jobs>}: a job runs on node A while a caller waits for it on node B ({@code Prefer: wait});
 *   the time from the job's end (its last write, database clock) to B's answer (this machine's clock).</li>
 * </ul>
 */
public final class NodesBenchmark {
    private NodesBenchmark() {}

    public static void main(String[] args) throws Exception {
        PostgresTestServer.Settings server = PostgresTestServer.require();
        String database = server.createDatabase();
        Path dir = Files.createTempDirectory("img2img-bench-nodes");
        int nodeCount = args[0].equals("queue") ? Integer.parseInt(args[1]) : 2;
        List<ServeProcess> nodes = new ArrayList<>();
        try {
            Map<String, String> env = NodeCluster.nodeEnv(
                    server,
                    database,
                    dir,
                    "http://127.0.0.1:8080",
                    "IMG2IMG_BACKEND",
                    "local",
                    "IMG2IMG_MAX_CONCURRENT_JOBS",
                    "2",
                    "IMG2IMG_MAX_QUEUED_JOBS",
                    "100000");
            List<CompletableFuture<ServeProcess>> starting = new ArrayList<>();
            for (int i = 0; i < nodeCount; i++) {
                starting.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return ServeProcess.start(env);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            starting.forEach(s -> nodes.add(s.join()));
            if (args[0].equals("queue")) {
                queue(server, database, nodes, Integer.parseInt(args[2]));
            } else {
                wake(server, database, nodes, Integer.parseInt(args[1]));
            }
        } finally {
            for (ServeProcess node : nodes) {
                node.close();
            }
            server.dropDatabase(database);
        }
    }

    private static Map<String, Object> tinyJob(int seed) throws Exception {
        return HttpCalls.body("numSamples", 1, "width", 64, "height", 64, "numInferenceSteps", 1, "seed", seed);
    }

    private static List<String> postAll(List<ServeProcess> nodes, int jobs, int firstSeed) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ServeProcess node = nodes.get(i % nodes.size());
            Map<String, Object> body = tinyJob(firstSeed + i);
            answers.add(clients.submit(() -> NodesIT.post(node.url(NodesIT.GENERATE), body, "Prefer", "wait=0")));
        }
        List<String> jobIds = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> r = answer.get();
            if (r.statusCode() != 202 && r.statusCode() != 200) {
                throw new IllegalStateException("not accepted: " + r.statusCode() + " " + r.body());
            }
            jobIds.add(json(r).get("jobId").asText());
        }
        clients.shutdown();
        return jobIds;
    }

    private static void queue(PostgresTestServer.Settings server, String database, List<ServeProcess> nodes, int jobs)
            throws Exception {
        awaitAllEnded(server, database, postAll(nodes, Math.max(20, jobs / 10), 1)); // warm-up
        List<String> measured = postAll(nodes, jobs, 100_000);
        awaitAllEnded(server, database, measured);
        try (Connection db = server.connect(database);
                Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("SELECT MIN(created_at), MAX(updated_at), "
                        + "COUNT(*) FILTER (WHERE state = 'success') FROM jobs WHERE job_id IN " + inList(measured))) {
            row.next();
            double seconds = (row.getLong(2) - row.getLong(1)) / 1000.0;
            System.out.printf(
                    "| %d node%s, 2 slots each, %d jobs of 1 × 64×64 | %.0f jobs/s | %d of %d success |%n",
                    nodes.size(), nodes.size() == 1 ? "" : "s", jobs, jobs / seconds, row.getInt(3), jobs);
        }
    }

    private static void wake(PostgresTestServer.Settings server, String database, List<ServeProcess> nodes, int jobs)
            throws Exception {
        ServeProcess a = nodes.get(0);
        ServeProcess b = nodes.get(1);
        long[] millis = new long[jobs];
        int warmUp = Math.max(10, jobs / 10);
        for (int i = -warmUp; i < jobs; i++) {
            // a job of some 100 ms, so that B's caller is waiting before it ends
            HttpResponse<String> accepted = NodesIT.post(
                    a.url(NodesIT.GENERATE),
                    HttpCalls.body("numSamples", 2, "width", 256, "height", 256, "seed", 5000 + i),
                    "Prefer",
                    "wait=0");
            String jobId = json(accepted).get("jobId").asText();
            HttpResponse<String> answer = NodesIT.get(b.url("/v1/jobs/" + jobId), "Prefer", "wait=30");
            long answeredAt = System.currentTimeMillis();
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(
                        "B answered before the end: " + answer.statusCode() + " " + answer.body());
            }
            if (i >= 0) {
                millis[i] = answeredAt - endedAt(server, database, jobId);
            }
        }
        Arrays.sort(millis);
        System.out.printf(
                "| a job's end on node A to a waiter's answer on node B, %d jobs | p50 %d ms | p99 %d ms |%n",
                jobs, millis[jobs / 2], millis[Math.min(jobs - 1, (int) Math.ceil(jobs * 0.99) - 1)]);
    }

    private static long endedAt(PostgresTestServer.Settings server, String database, String jobId) throws Exception {
        try (Connection db = server.connect(database);
                Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("SELECT updated_at FROM jobs WHERE job_id = '" + jobId + "'")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void awaitAllEnded(PostgresTestServer.Settings server, String database, List<String> jobIds)
            throws Exception {
        try (Connection db = server.connect(database);
                Statement sql = db.createStatement()) {
            while (true) {
                try (ResultSet row = sql.executeQuery("SELECT COUNT(*) FROM jobs WHERE state NOT IN "
                        + "('success', 'failure', 'canceled') AND job_id IN " + inList(jobIds))) {
                    row.next();
                    if (row.getInt(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(20); // a benchmark's own poll of the database, not a test
            }
        }
    }

    private static String inList(List<String> jobIds) {
        return "('" + String.join("', '", jobIds) + "')"; // job ids are [A-Za-z0-9_-] only
    }
}
