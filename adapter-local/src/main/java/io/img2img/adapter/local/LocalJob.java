package io.img2img.adapter.local;

import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.Pixels;
import io.img2img.domain.id.Ids;
import io.img2img.domain.request.Generation;
import io.img2img.domain.result.JobStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * One job's state; samples finish on pool threads. The request (whose inline reference may weigh
 * megabytes) and the fitted reference are dropped when the job ends: a remembered finished job
 * keeps only its ids and outcome.
 */
final class LocalJob {
    final String id;
    final List<String> assetIds;
    private Generation generation;
    private int done;
    private final boolean[] sampleSaved;
    private String failure;
    private Pixels base;

    /**
     * The job's run, its asset ids derived from the job id and the sample index: a run again after a crash writes
     * the same ids (and, the renderer being deterministic, the same bytes), so no image is ever duplicated.
     */
    static LocalJob start(String jobId, Generation generation) {
        List<String> assetIds = new ArrayList<>();
        for (int i = 0; i < generation.numSamples(); i++) {
            assetIds.add(assetId(jobId, i));
        }
        return new LocalJob(jobId, generation, assetIds);
    }

    static String assetId(String jobId, int sample) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((jobId + ":" + sample).getBytes(StandardCharsets.UTF_8));
            return Ids.ASSET_ID_PREFIX
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    LocalJob(String id, Generation generation, List<String> assetIds) {
        this.id = id;
        this.generation = generation;
        this.assetIds = List.copyOf(assetIds);
        this.sampleSaved = new boolean[assetIds.size()];
    }

    interface Fitter {
        Pixels fit(Generation g) throws IOException, ImageCodec.InvalidImageException;
    }

    /** The request, or {@code null} once the job has ended (failed: the remaining samples are skipped). */
    synchronized Generation requestWhileRunning() {
        return generation;
    }

    synchronized Pixels base(Fitter fitter) throws IOException, ImageCodec.InvalidImageException {
        if (generation == null) {
            throw new IOException("the job has already ended");
        }
        if (base == null) {
            base = fitter.fit(generation);
        }
        return base;
    }

    synchronized void sampleDone(int sample) {
        sampleSaved[sample] = true;
        done++;
        if (done == assetIds.size()) {
            release();
        }
    }

    synchronized void fail(String message) {
        if (failure == null) {
            failure = message;
        }
        release();
    }

    private void release() {
        generation = null;
        base = null;
    }

    synchronized boolean finished() {
        return failure != null || done == assetIds.size();
    }

    synchronized JobSnapshot snapshot() {
        if (failure != null) {
            return new JobSnapshot(JobStatus.FAILURE, (double) done / assetIds.size(), List.of(), failure, null);
        }
        if (done == assetIds.size()) {
            return JobSnapshot.succeeded(assetIds);
        }
        return JobSnapshot.running((double) done / assetIds.size(), savedInOrder());
    }

    /**
     * The images saved so far, up to the first sample still rendering: samples finish out of order on the pool's
     * threads, and a result lists its images in sample order (a run again must list the same bytes in the same places).
     */
    private List<String> savedInOrder() {
        int saved = 0;
        while (saved < sampleSaved.length && sampleSaved[saved]) {
            saved++;
        }
        return assetIds.subList(0, saved);
    }
}
