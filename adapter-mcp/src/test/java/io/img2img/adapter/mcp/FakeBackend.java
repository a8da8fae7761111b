package io.img2img.adapter.mcp;

import io.img2img.application.testkit.TestImages;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.RemoteAsset;
import io.img2img.application.port.out.SubmittedJob;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.request.Generation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that finishes a job after a set number of polls and produces real, noisy PNGs of the
 * requested size, rendered one at a time when downloaded.
 */
final class FakeBackend implements ImageBackend {
    private record Job(Generation generation, int pollsToFinish, AtomicInteger polls) {
    }

    private record Asset(int width, int height, long seed) {
    }

    final AtomicInteger pollsToFinish = new AtomicInteger(3);
    final AtomicInteger nameCalls = new AtomicInteger();
    private final AtomicInteger jobIds = new AtomicInteger();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Asset> assets = new ConcurrentHashMap<>();

    @Override
    public String name() {
        nameCalls.incrementAndGet();
        return "local";
    }

    @Override
    public double price(Generation generation) {
        return 0;
    }

    @Override
    public SubmittedJob submit(Generation generation) {
        String id = "job_" + jobIds.incrementAndGet();
        jobs.put(id, new Job(generation, pollsToFinish.get(), new AtomicInteger()));
        return new SubmittedJob(id, 0.0);
    }

    @Override
    public JobSnapshot poll(String jobId) throws BackendException {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new BackendException(ErrorCode.UNKNOWN_JOB, "no job " + jobId);
        }
        int polls = job.polls().incrementAndGet();
        if (polls < job.pollsToFinish()) {
            return JobSnapshot.running((double) polls / job.pollsToFinish());
        }
        Generation g = job.generation();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < g.numSamples(); i++) {
            String assetId = "asset_" + jobId + "_" + i;
            assets.put(assetId, new Asset(g.width(), g.height(), g.seed() + i));
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
        Asset a = assets.get(remote.assetId());
        return TestImages.noisyPng(a.width(), a.height(), a.seed());
    }
}
