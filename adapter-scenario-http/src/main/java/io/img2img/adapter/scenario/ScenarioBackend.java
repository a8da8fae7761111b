package io.img2img.adapter.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.RemoteAsset;
import io.img2img.application.port.out.SubmittedJob;
import io.img2img.domain.id.Ids;
import io.img2img.domain.request.Generation;
import io.img2img.domain.result.Backend;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Scenario's asynchronous img2img: POST /generate/img2img once, GET /jobs/{jobId} to follow, GET
 * /assets/{assetId} for each produced image's signed URL, and the bytes from there; POST /jobs/{jobId}/action to
 * cancel.
 */
final class ScenarioBackend implements ImageBackend {
    /** Scenario's limit on an image sent inline. */
    static final long MAX_INLINE_IMAGE_BYTES = 6L * 1024 * 1024;

    private final ScenarioHttp http;
    private final String identity; // SPEC §10: the base URL and a hash of the key

    @Override
    public void close() {
        http.close();
    }

    ScenarioBackend(ScenarioHttp http, String identity) {
        this.http = http;
        this.identity = identity;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public String name() {
        return Backend.SCENARIO.wireName();
    }

    /** Larger references are scaled down by the application before they reach this backend (SPEC §3). */
    @Override
    public OptionalLong inlineImageLimit() {
        return OptionalLong.of(MAX_INLINE_IMAGE_BYTES);
    }

    @Override
    public double price(Generation g) throws BackendException {
        ScenarioAnswer answer = http.dryRun("generate/img2img", flags(g, true), WireRequest.body(g));
        if (answer.code() != 269 && answer.code() != 200) {
            throw ScenarioErrors.translate(answer.code(), answer.body(), null);
        }
        JsonNode cost = answer.body().get("creativeUnitsCost");
        if (cost == null || !cost.isNumber()) {
            throw new BackendException(
                    ErrorCode.UPSTREAM_FAILURE, "Scenario's dry run answer has no creativeUnitsCost");
        }
        return cost.asDouble();
    }

    @Override
    public SubmittedJob submit(String ourJobId, Generation g) throws BackendException {
        ScenarioAnswer answer = http.generate("generate/img2img", flags(g, false), WireRequest.body(g));
        if (answer.code() >= 400) { // one of Scenario's own refusals: nothing started
            throw ScenarioErrors.translate(answer.code(), answer.body(), null);
        }
        if (answer.code() != 200) {
            throw ScenarioErrors.unprovenAnswer(answer.code(), false);
        }
        String jobId = answer.body().path("job").path("jobId").asText(null);
        if (!Ids.isJobId(jobId)) {
            throw new BackendException(
                    ErrorCode.JOB_MAY_HAVE_STARTED,
                    "Scenario accepted the request but its answer "
                            + "names no usable job id: the job may have started; check your Scenario jobs");
        }
        JsonNode cost = answer.body().get("creativeUnitsCost");
        return new SubmittedJob(jobId, cost != null && cost.isNumber() ? cost.asDouble() : null);
    }

    @Override
    public JobSnapshot poll(String jobId) throws BackendException {
        JsonNode job = found("jobs", jobId, ErrorCode.UNKNOWN_JOB, "job").get("job");
        if (job == null || !job.path("status").isTextual()) {
            throw new BackendException(ErrorCode.UPSTREAM_FAILURE, "Scenario's job answer has no status");
        }
        double progress = job.path("progress").asDouble(0);
        progress = progress > 1 ? progress / 100 : progress;
        String status = job.get("status").asText();
        return switch (status) {
            case "success" -> JobSnapshot.succeeded(assetIds(job));
            case "failure" -> new JobSnapshot(JobStatus.FAILURE, progress, List.of(), failureMessage(job), null);
            case "canceled" -> // the images it produced before the cancel, when Scenario lists them
                new JobSnapshot(JobStatus.CANCELED, progress, assetIds(job), "job canceled", null);
            default -> JobSnapshot.running(progress); // queued, warming-up, pending, in-progress, finalizing, new ones
        };
    }

    private static List<String> assetIds(JsonNode job) {
        List<String> assets = new ArrayList<>();
        job.path("metadata").path("assetIds").forEach(a -> assets.add(a.asText()));
        return assets;
    }

    /** Scenario's cancel action for inference jobs (shared/scenario-api/job-cancel.md). */
    @Override
    public boolean cancelsRemotely() {
        return true;
    }

    /**
     * {@code POST /jobs/{jobId}/action} with {@code {"action": "cancel"}}, once: a 2xx is "cancel requested", any
     * other answer (or none) "not confirmed". Either way the job is followed with {@code GET /jobs/{jobId}} to its end.
     */
    @Override
    public boolean requestCancel(String backendJobId) {
        if (!Ids.isJobId(backendJobId)) {
            return false;
        }
        return http.postOnce(List.of("jobs", backendJobId, "action"), Map.of("action", "cancel"));
    }

    /** Why a job failed, from metadata.output or metadata's error/message/reason, else "job failed". */
    static String failureMessage(JsonNode job) {
        JsonNode metadata = job.path("metadata");
        JsonNode output = metadata.path("output");
        String text = output.isTextual() ? output.asText() : ScenarioErrors.reason(output);
        if (text == null) {
            text = ScenarioErrors.reason(metadata);
        }
        return text == null || text.isBlank() ? "job failed" : text;
    }

    @Override
    public RemoteAsset describe(String assetId) throws BackendException {
        JsonNode asset =
                found("assets", assetId, ErrorCode.UNKNOWN_ASSET, "asset").path("asset");
        String url = asset.path("url").asText(null);
        if (url == null || url.isBlank()) {
            throw new BackendException(ErrorCode.UPSTREAM_FAILURE, "Scenario's asset " + assetId + " has no URL");
        }
        return new RemoteAsset(assetId, url, asset.path("mimeType").asText("image/png"));
    }

    /** The body of {@code GET /{collection}/{id}}: 404 is {@code unknown}, any other failure translated. */
    private JsonNode found(String collection, String id, ErrorCode unknown, String what) throws BackendException {
        ScenarioAnswer answer = http.get(List.of(collection, id), Map.of());
        if (answer.code() == 404) {
            throw new BackendException(unknown, "Scenario knows no " + what + " " + id);
        }
        if (answer.code() != 200) {
            throw ScenarioErrors.translate(answer.code(), answer.body(), null);
        }
        return answer.body();
    }

    @Override
    public byte[] download(RemoteAsset asset) throws BackendException {
        return http.download(asset.remoteUrl());
    }

    private static Map<String, String> flags(Generation g, boolean dryRun) {
        return Map.of("dryRun", Boolean.toString(dryRun), "originalAssets", Boolean.toString(g.originalAssets()));
    }
}
