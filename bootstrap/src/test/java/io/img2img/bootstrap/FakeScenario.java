package io.img2img.bootstrap;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A stand-in for Scenario's API on MockWebServer, answering with the shapes of its API description:
 * one model, jobs that succeed after two polls, assets whose signed URLs live on a second server.
 * Faults are switched on per test.
 */
final class FakeScenario extends Dispatcher implements AutoCloseable {
    final MockWebServer api = new MockWebServer();
    final MockWebServer cdn = new MockWebServer();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger generationPosts = new AtomicInteger();
    final AtomicInteger dryRuns = new AtomicInteger();
    final AtomicInteger polls = new AtomicInteger();
    volatile MockResponse postAnswer;
    volatile MockResponse modelAnswer;
    /** While false, job polls answer in-progress and do not count towards the success at the third poll. */
    volatile boolean jobsMayEnd = true;
    /**
     * When set ({@link #distinctJobs()}), each generation POST makes a job of its own ({@code job_1}, {@code job_2},
     * …) that ends at its second poll (while {@link #jobsMayEnd}) with one asset; {@link #timeline} records in arrival
     * order "post seed=S job_N" and "poll job_N status", {@link #mostJobsInFlight} how many jobs were between their
     * POST and their last poll at once.
     */
    volatile boolean distinctJobs;

    final List<String> timeline = new CopyOnWriteArrayList<>();
    final java.util.Set<String> jobsInFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final AtomicInteger mostJobsInFlight = new AtomicInteger();
    private final java.util.Map<String, AtomicInteger> pollsPerJob = new java.util.concurrent.ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean holdGenerations;
    private volatile boolean holdDryRuns;
    private volatile boolean holdModelLookups;

    FakeScenario() throws IOException {
        api.setDispatcher(this);
        api.start();
        cdn.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "image/png")
                        .body(new okio.Buffer().write(png()))
                        .build();
            }
        });
        cdn.start();
    }

    String baseUrl() {
        return api.url("/v1").toString();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        String path = request.getUrl().encodedPath();
        if (path.equals("/v1/models/model_sdxl")) {
            holdIf(holdModelLookups);
            return modelAnswer != null ? modelAnswer : json(200, """
                    {"model":{"id":"model_sdxl","type":"sd-xl","status":"trained","capabilities":["txt2img","img2img"],
                    "custom":false,"compliantModelIds":[]}}""");
        }
        if (path.equals("/v1/models/model_slow")) { // never answers in time
            return json(200, "{}")
                    .newBuilder()
                    .headersDelay(3, java.util.concurrent.TimeUnit.SECONDS)
                    .build();
        }
        if (path.startsWith("/v1/models/")) {
            return json(404, "{\"message\":\"Model not found\"}");
        }
        if (path.equals("/v1/generate/img2img")
                && "true".equals(request.getUrl().queryParameter("dryRun"))) {
            dryRuns.incrementAndGet();
            holdIf(holdDryRuns);
            return json(269, "{\"creativeUnitsCost\":12,\"creativeUnitsDiscount\":0}");
        }
        if (path.equals("/v1/generate/img2img") && distinctJobs && postAnswer == null) {
            String job = "job_" + generationPosts.incrementAndGet();
            java.util.regex.Matcher seed = java.util.regex.Pattern.compile("\"seed\":\"?(\\d+)")
                    .matcher(request.getBody() == null ? "" : request.getBody().utf8());
            timeline.add("post seed=" + (seed.find() ? seed.group(1) : "?") + " " + job);
            holdIf(holdGenerations);
            return startDistinctJob(job);
        }
        if (distinctJobs && path.startsWith("/v1/jobs/job_")) {
            return pollDistinctJob(path.substring("/v1/jobs/".length()));
        }
        if (path.equals("/v1/generate/img2img")) {
            generationPosts.incrementAndGet();
            holdIf(holdGenerations);
            return postAnswer != null ? postAnswer : json(200, """
                    {"creativeUnitsCost":12,"inference":{"id":"inf_1"},"job":{"jobId":"job_1","status":"queued",
                    "progress":0,"metadata":{}}}""");
        }
        if (path.equals("/v1/jobs/job_1")) {
            if (!jobsMayEnd) {
                return json(
                        200,
                        "{\"job\":{\"jobId\":\"job_1\",\"status\":\"in-progress\",\"progress\":0.1,\"metadata\":{}}}");
            }
            int n = polls.incrementAndGet();
            return n < 3
                    ? json(
                            200,
                            "{\"job\":{\"jobId\":\"job_1\",\"status\":\"in-progress\",\"progress\":" + (n * 0.3)
                                    + ",\"metadata\":{}}}")
                    : json(
                            200,
                            "{\"job\":{\"jobId\":\"job_1\",\"status\":\"success\",\"progress\":1,"
                                    + "\"metadata\":{\"assetIds\":[\"asset_one\",\"asset_two\"]}}}");
        }
        if (path.startsWith("/v1/assets/asset_")) {
            String id = path.substring("/v1/assets/".length());
            return json(
                    200,
                    "{\"asset\":{\"id\":\"" + id + "\",\"mimeType\":\"image/png\",\"url\":\""
                            + cdn.url("/signed/" + id + ".png?sig=abc") + "\"}}");
        }
        return json(404, "{\"message\":\"no route\"}");
    }

    /** From now on each generation POST starts a job of its own (see {@link #distinctJobs}). */
    void distinctJobs() {
        distinctJobs = true;
    }

    private MockResponse startDistinctJob(String jobId) {
        jobsInFlight.add(jobId);
        mostJobsInFlight.accumulateAndGet(jobsInFlight.size(), Math::max);
        return json(
                200,
                "{\"creativeUnitsCost\":12,\"inference\":{\"id\":\"inf_" + jobId + "\"},\"job\":{\"jobId\":\"" + jobId
                        + "\",\"status\":\"queued\",\"progress\":0,\"metadata\":{}}}");
    }

    private MockResponse pollDistinctJob(String jobId) {
        boolean ends = jobsMayEnd
                && pollsPerJob.computeIfAbsent(jobId, id -> new AtomicInteger()).incrementAndGet() >= 2;
        timeline.add("poll " + jobId + " " + (ends ? "success" : "in-progress"));
        if (!ends) {
            return json(
                    200,
                    "{\"job\":{\"jobId\":\"" + jobId + "\",\"status\":\"in-progress\",\"progress\":0.5,"
                            + "\"metadata\":{}}}");
        }
        jobsInFlight.remove(jobId);
        return json(
                200,
                "{\"job\":{\"jobId\":\"" + jobId + "\",\"status\":\"success\",\"progress\":1,"
                        + "\"metadata\":{\"assetIds\":[\"asset_" + jobId + "\"]}}}");
    }

    /** From now on generation POSTs (not dry runs) are held unanswered until {@link #release()}; the count grows on arrival. */
    void holdGenerations() {
        holdGenerations = true;
    }

    /** From now on the money guard's dry runs are held unanswered until {@link #release()}. */
    void holdDryRuns() {
        holdDryRuns = true;
    }

    /** From now on look-ups of the model are held unanswered until {@link #release()}. */
    void holdModelLookups() {
        holdModelLookups = true;
    }

    long modelLookupCount() {
        return requests.stream()
                .filter(r -> r.getUrl().encodedPath().equals("/v1/models/model_sdxl"))
                .count();
    }

    /** Answers every held request (to a client that may be long dead) and holds no more. */
    void release() {
        holdGenerations = false;
        holdDryRuns = false;
        holdModelLookups = false;
        released.countDown();
    }

    /** The generation POSTs Scenario received (the money guard's dry runs excluded). */
    long generationPostCount() {
        return requests.stream()
                .filter(r -> r.getMethod().equals("POST")
                        && r.getUrl().encodedPath().equals("/v1/generate/img2img")
                        && !"true".equals(r.getUrl().queryParameter("dryRun")))
                .count();
    }

    private void holdIf(boolean hold) {
        if (hold) {
            try {
                released.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static byte[] png() {
        try {
            BufferedImage image = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
            image.setRGB(3, 3, 0xFF0000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        release();
        api.close();
        cdn.close();
    }
}
