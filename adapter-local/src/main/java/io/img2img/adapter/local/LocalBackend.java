package io.img2img.adapter.local;

import io.img2img.application.cache.BoundedLruMap;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.Pixels;
import io.img2img.application.port.out.RemoteAsset;
import io.img2img.application.port.out.StoredAsset;
import io.img2img.application.port.out.SubmittedJob;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.ImageReference;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.Backend;
import io.img2img.domain.result.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The local backend: jobs like Scenario's (submit, then poll), rendered offline by the procedural
 * renderer on a small thread pool. Each finished sample is encoded and saved to the asset store at
 * once, so memory does not grow with the number of samples; the service then finds the images
 * already stored and downloads nothing.
 */
final class LocalBackend implements ImageBackend {
    private static final Logger LOG = LoggerFactory.getLogger(LocalBackend.class);
    private static final int REMEMBERED_JOBS = 10_000;
    private static final java.time.Duration FOLLOW_INTERVAL = java.time.Duration.ofMillis(5);

    private final AssetStore store;
    private final ImageCodec codec;
    private final ExecutorService pool;
    private final BoundedLruMap<String, LocalJob> jobs = new BoundedLruMap<>(REMEMBERED_JOBS, LocalJob::finished);

    LocalBackend(AssetStore store, ImageCodec codec, ExecutorService pool) {
        this.store = store;
        this.codec = codec;
        this.pool = pool;
    }

    /** Samples already queued still finish (their files are written whole); no new ones start. */
    @Override
    public void close() {
        pool.shutdown();
    }

    @Override
    public String name() {
        return Backend.LOCAL.wireName();
    }

    @Override
    public List<Violation> preconditions(Generation generation) {
        if (generation.image() instanceof ImageReference.AssetId asset
                && store.find(asset.id()).isEmpty()) {
            return List.of(new Violation(
                    "image",
                    "asset " + asset.id() + " was not produced by this server: the "
                            + "local backend accepts only its own assets (chain a result's assetId) or a data URL"));
        }
        return List.of();
    }

    @Override
    public double price(Generation generation) {
        return 0;
    }

    @Override
    public SubmittedJob submit(String jobId, Generation generation) {
        LocalJob job = LocalJob.start(jobId, generation);
        jobs.put(job.id, job);
        // the job's log context (its id) goes with each sample to the pool's thread
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        for (int i = 0; i < job.assetIds.size(); i++) {
            int sample = i;
            pool.execute(() -> {
                Map<String, String> before = MDC.getCopyOfContextMap();
                MDC.setContextMap(logContext == null ? Map.of() : logContext);
                try {
                    renderSample(job, sample);
                } finally {
                    MDC.setContextMap(before == null ? Map.of() : before);
                }
            });
        }
        return new SubmittedJob(job.id, 0.0);
    }

    @Override // the samples not yet started are skipped; those being rendered finish whole (their files stay)
    public void stop(String jobId) {
        LocalJob job = jobs.get(jobId);
        if (job != null) {
            job.fail("stopped");
        }
    }

    @Override // a read of memory: often enough that a 20 ms render is answered in tens of ms
    public java.time.Duration followInterval() {
        return FOLLOW_INTERVAL;
    }

    @Override
    public JobSnapshot poll(String jobId) throws BackendException {
        LocalJob job = jobs.get(jobId);
        if (job == null) {
            throw new BackendException(
                    ErrorCode.UNKNOWN_JOB,
                    "no local job " + jobId + " (local jobs live as long as the process that started them)");
        }
        return job.snapshot();
    }

    @Override
    public RemoteAsset describe(String assetId) throws BackendException {
        StoredAsset stored = store.find(assetId).orElseThrow(() -> unknownAsset(assetId));
        return new RemoteAsset(assetId, null, stored.mimeType());
    }

    @Override
    public byte[] download(RemoteAsset asset) throws BackendException {
        try {
            Optional<InputStream> in = store.open(asset.assetId());
            if (in.isEmpty()) {
                throw unknownAsset(asset.assetId());
            }
            try (InputStream stream = in.get()) {
                return stream.readAllBytes();
            }
        } catch (IOException e) {
            throw new BackendException(ErrorCode.INTERNAL, "cannot read asset " + asset.assetId());
        }
    }

    private void renderSample(LocalJob job, int sample) {
        Generation generation = job.requestWhileRunning();
        if (generation == null) {
            return; // the job failed on another sample
        }
        try {
            Pixels base = job.base(g -> Fitting.reference(store, codec, g));
            Pixels image = ProceduralRenderer.render(base, generation, generation.seed() + sample);
            store.save(job.assetIds.get(sample), "image/png", codec.encode(image, "image/png"));
            job.sampleDone(sample);
        } catch (IOException | ImageCodec.InvalidImageException | RuntimeException | OutOfMemoryError e) {
            LOG.warn("local job {} failed on sample {}: {}", job.id, sample, e.toString());
            job.fail("rendering failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static BackendException unknownAsset(String assetId) {
        return new BackendException(ErrorCode.UNKNOWN_ASSET, "no asset " + assetId + " on this server");
    }
}
