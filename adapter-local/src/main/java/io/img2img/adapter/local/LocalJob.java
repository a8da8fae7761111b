package io.img2img.adapter.local;

import io.img2img.domain.id.Ids;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.Pixels;
import io.img2img.domain.request.Generation;
import io.img2img.domain.result.JobStatus;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One job's state; samples finish on pool threads. The request (whose inline reference may weigh
 * megabytes) and the fitted reference are dropped when the job ends: a remembered finished job
 * keeps only its ids and outcome.
 */
final class LocalJob {
    private static final SecureRandom IDS = new SecureRandom();
    final String id;
    final List<String> assetIds;
    private Generation generation;
    private int done;
    private String failure;
    private Pixels base;

    /** A new job for the generation, with fresh random ids for it and each of its samples. */
    static LocalJob start(Generation generation) {
        List<String> assetIds = new ArrayList<>();
        for (int i = 0; i < generation.numSamples(); i++) {
            assetIds.add(newId(Ids.ASSET_ID_PREFIX));
        }
        return new LocalJob(newId("job_"), generation, assetIds);
    }

    private static String newId(String prefix) {
        byte[] random = new byte[16];
        IDS.nextBytes(random);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    LocalJob(String id, Generation generation, List<String> assetIds) {
        this.id = id;
        this.generation = generation;
        this.assetIds = List.copyOf(assetIds);
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

    synchronized void sampleDone() {
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
        return JobSnapshot.running((double) done / assetIds.size());
    }
}
