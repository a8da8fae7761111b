package io.img2img.application.testkit;

import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.RemoteAsset;
import io.img2img.application.port.out.SubmittedJob;
import io.img2img.domain.request.Generation;
import io.img2img.domain.result.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Test kit: the backend the front ends' tests run on, named "local". A job succeeds after a set number
 * of polls (fixed when it is submitted) with one image per sample, of the requested size: real noisy
 * PNGs, or only their headers when a test needs no pixels. Faults and held submits on demand.
 */
public final class FakeBackend implements ImageBackend {
    private record Job(Generation generation, int pollsToFinish, AtomicInteger polls) {}

    public final AtomicInteger submits = new AtomicInteger();
    public volatile int pollsToFinish = 3;
    public volatile double pricePerSample;
    public volatile boolean headerOnlyImages;
    public volatile BackendException submitFault;
    /** Replaces the answer to a submit (to hold it, or name the job); the job it names is then followed. */
    public volatile Function<Generation, SubmittedJob> onSubmit;
    /** When 0 or more: polls past this many (per job) wait for {@link #releasePolls} before answering. */
    public volatile int holdAfterPolls = -1;

    public final java.util.concurrent.CountDownLatch releasePolls = new java.util.concurrent.CountDownLatch(1);
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Generation> assets = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "local";
    }

    @Override
    public double price(Generation generation) {
        return generation.numSamples() * pricePerSample;
    }

    @Override
    public SubmittedJob submit(String ourJobId, Generation generation) throws BackendException {
        if (submitFault != null) {
            throw submitFault;
        }
        String id = "job_" + submits.incrementAndGet() + "_" + generation.numSamples();
        SubmittedJob submitted = onSubmit != null ? onSubmit.apply(generation) : new SubmittedJob(id, 0.0);
        jobs.put(submitted.jobId(), new Job(generation, pollsToFinish, new AtomicInteger()));
        return submitted;
    }

    @Override
    public JobSnapshot poll(String jobId) throws BackendException {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new BackendException(ErrorCode.UNKNOWN_JOB, "no job " + jobId);
        }
        int polls = job.polls().incrementAndGet();
        if (holdAfterPolls >= 0 && polls > holdAfterPolls) {
            try {
                releasePolls.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (polls < job.pollsToFinish()) {
            return JobSnapshot.running((double) polls / job.pollsToFinish());
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < job.generation().numSamples(); i++) {
            String assetId = "asset_" + jobId + "_" + i;
            assets.put(assetId, job.generation());
            ids.add(assetId);
        }
        return JobSnapshot.succeeded(ids);
    }

    @Override
    public RemoteAsset describe(String assetId) throws BackendException {
        if (!assets.containsKey(assetId)) {
            throw new BackendException(ErrorCode.UPSTREAM_FAILURE, "no asset " + assetId);
        }
        return new RemoteAsset(assetId, null, "image/png");
    }

    @Override
    public byte[] download(RemoteAsset remote) {
        Generation g = assets.get(remote.assetId());
        int sample =
                Integer.parseInt(remote.assetId().substring(remote.assetId().lastIndexOf('_') + 1));
        return headerOnlyImages
                ? PngHeaderCodec.png(g.width(), g.height())
                : TestImages.noisyPng(g.width(), g.height(), g.seed() + sample);
    }
}
