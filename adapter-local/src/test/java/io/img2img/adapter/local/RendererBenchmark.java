package io.img2img.adapter.local;

import io.img2img.adapter.files.FileAssetStore;
import io.img2img.adapter.imageio.ImageIoModule;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.domain.model.Model;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.result.JobStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local renderer's speed and memory, as a command (bench/renderer.sh, or with
 * {@code <reference.png> <samples> <side> <steps>} for one request), not a test: a job is
 * submitted to the backend and polled every millisecond until done (the service's polling schedule
 * is left out), rendering and saving every sample to a temporary output directory.
 */
public final class RendererBenchmark {
    public static void main(String[] args) throws Exception {
        Path out = Files.createTempDirectory("img2img-renderer-bench");
        ImageCodec codec = ImageIoModule.codec();
        AssetStore store = new FileAssetStore(out, codec);
        LocalBackend backend = new LocalBackend(store, codec, LocalBackendModule.renderPool());
        String reference = "data:image/png;base64,"
                + Base64.getEncoder()
                        .encodeToString(
                                Files.readAllBytes(Path.of(args.length > 0 ? args[0] : "examples/reference.png")));

        watchLiveHeap();
        run(backend, reference, 4, 512, 30, 3); // warm-up
        if (args.length
                == 4) { // one request only: "<samples> <side> <steps>", e.g. to find the smallest -Xmx it fits in
            int samples = Integer.parseInt(args[1]),
                    side = Integer.parseInt(args[2]),
                    steps = Integer.parseInt(args[3]);
            header();
            report(backend, reference, samples, side, steps, 3);
            return;
        }
        run(backend, reference, 16, 1024, 150, 1);
        header();
        report(backend, reference, 4, 512, 30, 7);
        report(backend, reference, 4, 512, 1, 7);
        report(backend, reference, 4, 512, 150, 7);
        report(backend, reference, 1, 1024, 150, 5);
        report(backend, reference, 16, 1024, 150, 5);
        report(backend, reference, 16, 1024, 1, 3);
        report(backend, reference, 64, 1024, 150, 1);
    }

    private static void header() {
        System.out.printf(
                "cores: %d, max heap: %d MiB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.println(
                "| request | median ms | ms per output megapixel | peak heap MiB | peak live heap after GC MiB |");
        System.out.println("|---|---|---|---|---|");
    }

    /** The most heap any collection left in use: what the renderer really keeps, as opposed to garbage. */
    private static final java.util.concurrent.atomic.AtomicLong LIVE_PEAK =
            new java.util.concurrent.atomic.AtomicLong();

    private static void watchLiveHeap() {
        java.util.Set<String> heapNames = new java.util.HashSet<>();
        heapPools().forEach(p -> heapNames.add(p.getName()));
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((javax.management.NotificationEmitter) gc)
                    .addNotificationListener(
                            (notification, handback) -> {
                                if (!com.sun.management.GarbageCollectionNotificationInfo
                                        .GARBAGE_COLLECTION_NOTIFICATION
                                        .equals(notification.getType())) {
                                    return;
                                }
                                var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                                        (javax.management.openmbean.CompositeData) notification.getUserData());
                                long live = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                        .filter(e -> heapNames.contains(e.getKey()))
                                        .mapToLong(e -> e.getValue().getUsed())
                                        .sum();
                                LIVE_PEAK.accumulateAndGet(live, Math::max);
                            },
                            null,
                            null);
        }
    }

    private static void report(LocalBackend backend, String reference, int samples, int side, int steps, int runs)
            throws Exception {
        long[] times = new long[runs];
        long peak = 0;
        long live = 0;
        for (int i = 0; i < runs; i++) {
            System.gc();
            heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
            LIVE_PEAK.set(0);
            times[i] = run(backend, reference, samples, side, steps, 1);
            peak = Math.max(
                    peak,
                    heapPools().stream()
                            .mapToLong(p -> p.getPeakUsage().getUsed())
                            .sum());
            live = Math.max(live, LIVE_PEAK.get());
        }
        java.util.Arrays.sort(times);
        double median = times[runs / 2] / 1e6;
        double megapixels = samples * (double) side * side / 1e6;
        System.out.printf(
                "| %d x %dx%d, %d steps | %.0f | %.1f | %d | %d |%n",
                samples, side, side, steps, median, median / megapixels, peak >> 20, live >> 20);
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
    }

    /** Submit and wait; nanoseconds for the last of {@code repeat} runs. */
    private static long run(LocalBackend backend, String reference, int samples, int side, int steps, int repeat)
            throws Exception {
        long elapsed = 0;
        for (int r = 0; r < repeat; r++) {
            Map<String, Object> body = new HashMap<>(Map.of(
                    "modelId",
                    "model_bench",
                    "prompt",
                    "a lighthouse, warm",
                    "image",
                    reference,
                    "numSamples",
                    samples,
                    "width",
                    side,
                    "height",
                    side,
                    "numInferenceSteps",
                    steps,
                    "seed",
                    "1"));
            Generation g = Generation.of(RequestParser.parse(body).request(), Model.unknown("model_bench"), () -> 1);
            long start = System.nanoTime();
            String job = backend.submit("job_bench" + r, g).jobId();
            JobSnapshot s;
            while ((s = backend.poll(job)).status() == JobStatus.IN_PROGRESS) {
                Thread.sleep(1); // a benchmark polling its job, as a client would: not a test's wait
            }
            if (s.status() != JobStatus.SUCCESS) {
                throw new IllegalStateException("job failed: " + s.failureMessage());
            }
            elapsed = System.nanoTime() - start;
        }
        return elapsed;
    }
}
