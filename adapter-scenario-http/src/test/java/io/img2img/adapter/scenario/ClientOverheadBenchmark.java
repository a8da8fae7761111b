package io.img2img.adapter.scenario;

import io.img2img.application.ServicePolicy;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The Scenario client's own cost per generation (bench/scenario-overhead.sh): validation, submit,
 * three polls, the asset look-up and the download through the real services, against a server that
 * answers at once (the waiting policy's sleeps are skipped by the clock), as a ratio to the same six
 * HTTP calls made with raw OkHttp in the same run, sending the same bytes (our body and headers). Both paths call synchronously, so the calling
 * thread's CPU time is the client's own work, apart from the mock server that shares the two cores;
 * wall time is reported beside it.
 */
public final class ClientOverheadBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int WARM_UP_GENERATIONS = Integer.getInteger("warmUpGenerations", 20_000);

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new InstantScenario(server));
            server.setServerSocketFactory(new NoDelaySockets());
            server.start();
            try (FakeOn fake = new FakeOn(server)) { // the tests' fixtures, pointed at the instant server
                run(server, new Harness(fake, ServicePolicy.defaults(), Duration.ofSeconds(5)), rounds, perRound);
            }
        }
    }

    private static void run(MockWebServer server, Harness harness, int rounds, int perRound) throws IOException {
        OkHttpClient raw =
                new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();
        String base = server.url("/v1").toString();
        ours(harness, 1);
        // the raw calls put the same bytes on the wire: the body our client sent, and its headers
        Wire wire = new Wire(
                base,
                ((InstantScenario) server.getDispatcher()).lastPost,
                Credentials.basic(Harness.KEY, Harness.SECRET));
        long[][] ours = new long[2][rounds];
        long[][] plain = new long[2][rounds];
        // A server lives long: measure its steady state. Code run once per generation (validation, the
        // waiting policy) reaches the optimising compiler only after ~10,000 calls, OkHttp's (six per
        // generation) much sooner, so a short warm-up would time our code half-compiled.
        for (int warm = 0; warm < WARM_UP_GENERATIONS / 500; warm++) {
            ours(harness, 500);
            raw(raw, wire, 500);
            forget(server);
        }
        for (int r = 0; r < rounds; r++) { // alternating, so that drift of the machine falls on both alike
            long[] o = ours(harness, perRound);
            long[] p = raw(raw, wire, perRound);
            forget(server);
            for (int k = 0; k < 2; k++) {
                ours[k][r] = o[k];
                plain[k][r] = p[k];
            }
        }
        String[] names = {"CPU time of the calling thread", "wall time"};
        System.out.printf("per generation (6 HTTP calls), median of %d rounds of %d:%n", rounds, perRound);
        for (int k = 0; k < 2; k++) {
            double o = median(ours[k]) / 1e3 / perRound;
            double p = median(plain[k]) / 1e3 / perRound;
            System.out.printf(
                    "  %-31s img2img client %4.0f µs, raw OkHttp %4.0f µs, ratio %.2f%n", names[k], o, p, o / p);
        }
    }

    /**
     * Drops what the mock server recorded: it keeps every request it answered, and a heap growing by
     * ~100 MB over the warm-up slowed both paths (the raw one by a third) for reasons of its own.
     */
    private static void forget(MockWebServer server) {
        try {
            while (server.takeRequest(0, TimeUnit.SECONDS) != null) {
                // dropped
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** {CPU nanoseconds of this thread, wall nanoseconds} for n generations. */
    private static long[] ours(Harness harness, int n) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Img2ImgResult r = harness.generate("numSamples", 1);
            if (r.status() != JobStatus.SUCCESS) {
                throw new IllegalStateException(String.valueOf(r.error()));
            }
            harness.saved.clear(); // every generation downloads its image again, as a new job would
            harness.ledger
                    .forgetEnded(); // the in-memory ledger scans every job it holds; SQLite's look-ups are indexed
            harness.pollSleeps.clear(); // the test clock remembers each skipped sleep: not part of the client
        }
        return new long[] {THREADS.getCurrentThreadCpuTime() - cpu, System.nanoTime() - start};
    }

    /** What the raw calls send. */
    private record Wire(String base, String postBody, String authorization) {}

    private static long[] raw(OkHttpClient client, Wire wire, int n) throws IOException {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String job = call(
                    client,
                    api(wire, "/generate/img2img?dryRun=false&originalAssets=false")
                            .post(RequestBody.create(wire.postBody(), MediaType.get("application/json")))
                            .build());
            String id = job.substring(job.indexOf("job_"), job.indexOf('"', job.indexOf("job_")));
            for (int p = 0; p < 3; p++) {
                call(client, api(wire, "/jobs/" + id).build());
            }
            String asset = call(client, api(wire, "/assets/asset_one").build());
            int at = asset.indexOf("http");
            call(
                    client,
                    new Request.Builder()
                            .url(asset.substring(at, asset.indexOf('"', at)))
                            .build());
        }
        return new long[] {THREADS.getCurrentThreadCpuTime() - cpu, System.nanoTime() - start};
    }

    private static Request.Builder api(Wire wire, String path) {
        return new Request.Builder()
                .url(wire.base() + path)
                .header("Authorization", wire.authorization())
                .header("Accept", "application/json");
    }

    private static String call(OkHttpClient client, Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            return response.body().string();
        }
    }

    /** Jobs that succeed on their third poll; every answer at once. */
    private static final class InstantScenario extends Dispatcher {
        private final MockWebServer server;
        private final AtomicInteger jobs = new AtomicInteger();
        private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();

        InstantScenario(MockWebServer server) {
            this.server = server;
        }

        volatile String lastPost;

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            if (path.equals("/v1/generate/img2img")) {
                lastPost = request.getBody().utf8();
                String id = "job_" + jobs.incrementAndGet();
                polls.put(id, new AtomicInteger());
                return ScenarioFake.json(
                        200,
                        "{\"creativeUnitsCost\":5,\"job\":{\"jobId\":\"" + id
                                + "\",\"status\":\"queued\",\"progress\":0,\"metadata\":{}}}");
            }
            if (path.startsWith("/v1/jobs/")) {
                String id = path.substring("/v1/jobs/".length());
                boolean done = polls.get(id).incrementAndGet() >= 3;
                if (done) {
                    polls.remove(id);
                }
                return ScenarioFake.json(
                        200,
                        "{\"job\":{\"jobId\":\"" + id + "\",\"status\":\""
                                + (done ? "success" : "in-progress") + "\",\"progress\":" + (done ? 1 : 0.5)
                                + ",\"metadata\":{" + (done ? "\"assetIds\":[\"asset_one\"]" : "") + "}}}");
            }
            if (path.startsWith("/v1/assets/")) {
                return ScenarioFake.json(
                        200,
                        "{\"asset\":{\"id\":\"asset_one\",\"mimeType\":\"image/png\",\"url\":\""
                                + server.url("/signed/asset_one.png?sig=1") + "\"}}");
            }
            if (path.startsWith("/v1/models/")) {
                return ScenarioFake.model("model_sdxl", "sd-xl", "trained", "[\"img2img\"]", false, "[]");
            }
            return new MockResponse.Builder()
                    .code(200)
                    .body(new okio.Buffer().write(ScenarioFake.PNG))
                    .build();
        }
    }

    /**
     * Server sockets whose connections send at once: without it, MockWebServer's separate writes of
     * headers and body meet the client's delayed ACK and every call stalls ~40 ms on both paths alike.
     */
    private static final class NoDelaySockets extends javax.net.ServerSocketFactory {
        @Override
        public java.net.ServerSocket createServerSocket() throws IOException {
            return new java.net.ServerSocket() {
                @Override
                public java.net.Socket accept() throws IOException {
                    java.net.Socket socket = super.accept();
                    socket.setTcpNoDelay(true);
                    return socket;
                }
            };
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress address)
                throws IOException {
            throw new UnsupportedOperationException();
        }
    }

    /** Lets the harness point at the instant server. */
    private static final class FakeOn extends ScenarioFake {
        private final String base;

        FakeOn(MockWebServer server) throws IOException {
            this.base = server.url("/v1").toString();
        }

        @Override
        String baseUrl() {
            return base;
        }
    }
}
