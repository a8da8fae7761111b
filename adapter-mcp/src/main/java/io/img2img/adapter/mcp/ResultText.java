package io.img2img.adapter.mcp;

import io.img2img.application.port.in.PreviewImages;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.Backend;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ProducedImage;
import io.img2img.domain.result.ResultError;
import io.img2img.domain.text.Numbers;
import java.util.List;

/** A tool result in words, for the model reading it: the summary of a result, or its error. */
final class ResultText {
    private ResultText() {}

    static String backendText(String backend) {
        return Backend.LOCAL.is(backend)
                ? "Backend: local, the offline procedural renderer (not an AI model; costs nothing)."
                : "Backend: " + backend + " (Scenario's cloud API).";
    }

    static String summary(Img2ImgResult r, PreviewImages.Mode mode) {
        StringBuilder s = new StringBuilder(backendText(r.backend())).append('\n');
        r.notes().forEach(note -> s.append("Note: ").append(note).append('\n'));
        if (r.dryRun()) {
            return s.append("Dry run: this request would cost ")
                    .append(cost(r))
                    .append(" Creative Units. Nothing was ")
                    .append("generated; call again without dryRun to generate.")
                    .toString();
        }
        s.append("Status: ").append(r.status() == null ? "unknown" : r.status().wireName());
        if (r.jobId() != null) {
            s.append(". Job: ").append(r.jobId());
        }
        if (r.seed() != null) {
            s.append(". Seed: ").append(r.seed());
        }
        if (r.creativeUnitsCost() != null) {
            s.append(". Cost: ").append(cost(r)).append(" Creative Units");
        }
        s.append(".\n");
        if (r.queuePosition() != null) {
            s.append("The job is queued (position ")
                    .append(r.queuePosition())
                    .append(": it starts when a slot is free")
                    .append(" and has spent nothing yet). It is not lost: call ")
                    .append(ToolDefinitions.GET_JOB)
                    .append(" with {\"jobId\": \"")
                    .append(r.jobId())
                    .append("\"} to keep waiting and get its images.");
            return s.toString();
        }
        if (r.status() == JobStatus.CANCELING) {
            s.append(
                            "Its cancel was asked of Scenario, which has not reported the job's end yet (images made before the "
                                    + "cancel are kept). Call ")
                    .append(ToolDefinitions.GET_JOB)
                    .append(" with {\"jobId\": \"")
                    .append(r.jobId())
                    .append("\"} to follow it to its end: canceled, or success/failure if it ended first.");
            return s.toString();
        }
        if (r.inProgress()) {
            s.append("The job is still running (progress ")
                    .append(Math.round(100 * (r.progress() == null ? 0 : r.progress())))
                    .append("%) after the wait. It is not lost: call ")
                    .append(ToolDefinitions.GET_JOB)
                    .append(" with {\"jobId\": \"")
                    .append(r.jobId())
                    .append("\"} to keep waiting and get its images.");
            return s.toString();
        }
        List<ProducedImage> images = r.images();
        s.append(images.size())
                .append(images.size() == 1 ? " image" : " images")
                .append(
                        switch (mode) {
                            case FULL -> ", shown inline at full size";
                            case PREVIEWS ->
                                ", shown inline as downscaled JPEG previews (the full images are too large to inline); "
                                        + "the full images are at the links below";
                            case SOME_PREVIEWS ->
                                "; downscaled JPEG previews of some are shown inline (the rest did not fit in one "
                                        + "result); the full images are at the links below";
                            case NONE ->
                                images.isEmpty()
                                        ? ""
                                        : ", not inlined (too large for one result): read them with resources/read "
                                                + "on the links below, or open the files";
                        })
                .append(images.isEmpty() ? ".\n" : ":\n");
        for (int i = 0; i < images.size(); i++) {
            ProducedImage image = images.get(i);
            s.append(i + 1)
                    .append(". ")
                    .append(ResultContent.uri(image))
                    .append(" (")
                    .append(image.mimeType())
                    .append(", ")
                    .append(image.width())
                    .append('x')
                    .append(image.height())
                    .append(')');
            if (image.path() != null) {
                s.append(" saved at ").append(image.path());
            }
            s.append('\n');
        }
        return s.toString();
    }

    static String error(Img2ImgResult r) {
        ResultError e = r.error();
        StringBuilder s =
                new StringBuilder("Error (").append(e.code().wireName()).append("): ");
        if (e.violations().isEmpty()) {
            s.append(e.message());
        } else {
            s.append(ResultError.summary(e.violations()));
            for (Violation v : e.violations()) {
                s.append("\n- ").append(v.field()).append(": ").append(v.message());
            }
            s.append("\nNothing was started and nothing was spent. Fix every field above, then call again.");
        }
        if (e.retryAfter() != null) {
            s.append("\nRetry after ")
                    .append(ResultError.retryAfterSeconds(e.retryAfter()))
                    .append(" s.");
        }
        if (r.jobId() != null) {
            s.append("\nJob: ").append(r.jobId());
            if (r.status() != null) {
                s.append(" (status ").append(r.status().wireName()).append(')');
            }
            s.append('.');
        }
        return s.append('\n').append(backendText(r.backend())).toString();
    }

    private static String cost(Img2ImgResult r) {
        return Numbers.format(r.creativeUnitsCost());
    }
}
