package io.img2img.application.job;

import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.RemoteAsset;
import io.img2img.application.port.out.SubmittedJob;
import io.img2img.application.testkit.PngHeaderCodec;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.Violation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend that plays a script of snapshots, counting what was asked of it. */
class ScriptedBackend implements ImageBackend {
    final List<Generation> submitted = new ArrayList<>();
    final List<Generation> priced = new ArrayList<>();
    final AtomicInteger polls = new AtomicInteger();
    final List<String> downloads = new ArrayList<>();
    final Deque<JobSnapshot> script = new ArrayDeque<>();
    JobSnapshot last = JobSnapshot.running(0);
    double price = 4;
    BackendException submitFault;
    List<Violation> preconditions = List.of();

    ScriptedBackend then(JobSnapshot... snapshots) {
        script.addAll(List.of(snapshots));
        return this;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public List<Violation> preconditions(Generation generation) {
        return preconditions;
    }

    @Override
    public synchronized double price(Generation generation) { // callers price at once, each on its own thread
        priced.add(generation);
        return price * generation.numSamples();
    }

    @Override
    public synchronized SubmittedJob submit(String ourJobId, Generation generation) throws BackendException {
        if (submitFault != null) {
            throw submitFault;
        }
        submitted.add(generation);
        return new SubmittedJob("job_" + submitted.size(), null);
    }

    /** How many generations were sent, read safely from a thread other than the job's. */
    synchronized int submittedCount() {
        return submitted.size();
    }

    @Override
    public synchronized JobSnapshot poll(String jobId) throws BackendException {
        polls.incrementAndGet();
        if (!script.isEmpty()) {
            last = script.poll();
        }
        return last;
    }

    @Override
    public RemoteAsset describe(String assetId) {
        return new RemoteAsset(assetId, "https://cdn.example/" + assetId, "image/png");
    }

    @Override
    public synchronized byte[] download(RemoteAsset asset) {
        downloads.add(asset.assetId());
        return PngHeaderCodec.png(64, 48);
    }
}
