package io.img2img.adapter.local;

import io.img2img.adapter.files.FileAssetStore;
import io.img2img.adapter.imageio.ImageIoModule;
import io.img2img.application.job.JobIds;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.domain.model.Model;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.result.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local backend alone, with no HTTP, service or ledger around it: {@code clients} threads each submitting a
 * 1 × 512×512 job and waiting for it, for {@code seconds} after a warm-up; prints jobs per second. The baseline
 * of bench/rest-local.sh's REST throughput ratio. Usage: {@code <reference.png> <seconds> <clients>}.
 */
public final class RendererThroughputBenchmark {
    public static void main(String[] args) throws Exception {
        Path reference = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        ImageCodec codec = ImageIoModule.codec();
        AssetStore store = new FileAssetStore(Files.createTempDirectory("img2img-renderer-throughput"), codec);
        LocalBackend backend = new LocalBackend(store, codec, LocalBackendModule.renderPool());
        String image = "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(reference));
        Map<String, Object> body = new HashMap<>(Map.of(
                "modelId",
                "model_bench",
                "prompt",
                "a lighthouse, warm",
                "image",
                image,
                "numSamples",
                1,
                "width",
                512,
                "height",
                512,
                "seed",
                "1"));
        Generation generation =
                Generation.of(RequestParser.parse(body).request(), Model.unknown("model_bench"), () -> 1);
        long warmUpEnd = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            once(backend, generation);
        }
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch finished = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            new Thread(() -> {
                        try {
                            while (System.nanoTime() < end) {
                                once(backend, generation);
                                done.incrementAndGet();
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        } finally {
                            finished.countDown();
                        }
                    })
                    .start();
        }
        finished.await();
        System.out.printf(
                "RENDERER %.1f jobs/s (%d clients, %d s, %d cores)%n",
                done.get() / (double) seconds,
                clients,
                seconds,
                Runtime.getRuntime().availableProcessors());
        backend.close();
    }

    private static void once(LocalBackend backend, Generation generation) throws Exception {
        String job = backend.submit(JobIds.newJobId(), generation).jobId();
        JobSnapshot s;
        while ((s = backend.poll(job)).status() == JobStatus.IN_PROGRESS) {
            Thread.sleep(1); // a benchmark polling its job, as a client would: not a test's wait
        }
        if (s.status() != JobStatus.SUCCESS) {
            throw new IllegalStateException("job failed: " + s.failureMessage());
        }
    }
}
