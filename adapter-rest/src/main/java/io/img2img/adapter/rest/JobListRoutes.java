package io.img2img.adapter.rest;

import io.img2img.adapter.http.Problem;
import io.img2img.application.port.in.CancelJob;
import io.img2img.application.port.in.ListJobs;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.ResultJson;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /v1/jobs?limit=N&before=<cursor>}: the ledger's jobs, newest first; {@code DELETE /v1/jobs/{jobId}} (SPEC §6). */
final class JobListRoutes {
    static final int DEFAULT_LIMIT = 20;

    private final ListJobs jobs;
    private final CancelJob cancelJob;
    private final Supplier<String> publicUrl;

    JobListRoutes(ListJobs jobs, CancelJob cancelJob, Supplier<String> publicUrl) {
        this.jobs = jobs;
        this.cancelJob = cancelJob;
        this.publicUrl = publicUrl;
    }

    /** 200 + the job canceled (or its final result, unchanged); 409 not-cancellable; 404 unknown; 410 pruned. */
    void cancel(Context ctx) {
        new Responses(publicUrl).respond(ctx, cancelJob.cancel(ctx.pathParam("jobId")));
    }

    void list(Context ctx) {
        String limitText = ctx.queryParam("limit");
        int limit;
        try {
            limit = limitText == null ? DEFAULT_LIMIT : Integer.parseInt(limitText.strip());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > ListJobs.MAX_LIMIT) {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.INVALID_REQUEST,
                            "limit must be a whole number from 1 to " + ListJobs.MAX_LIMIT + "; got " + limitText));
            return;
        }
        ListJobs.Page page;
        try {
            page = jobs.list(limit, ctx.queryParam("before"));
        } catch (IllegalArgumentException e) {
            Responses.problem(ctx, Problem.of(ErrorCode.INVALID_REQUEST, "before: " + e.getMessage()));
            return;
        } catch (ListJobs.Unavailable e) {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.LEDGER_UNAVAILABLE, e.getMessage(), List.of(), java.time.Duration.ofSeconds(5)));
            return;
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (ListJobs.Item item : page.jobs()) {
            Map<String, Object> map = new LinkedHashMap<>(
                    ResultJson.toMap(item.result(), image -> publicUrl.get() + "/v1/assets/" + image.assetId()));
            map.put(
                    "createdAt",
                    item.createdAt() == null ? null : item.createdAt().toString());
            if (item.prompt() != null) {
                map.put("prompt", item.prompt());
            }
            items.add(map);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobs", items);
        body.put("nextCursor", page.nextCursor());
        Responses.json(ctx, 200, body);
    }
}
