package io.img2img.adapter.rest;

import io.img2img.adapter.http.Problem;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.ListJobs;
import io.img2img.application.port.in.ObserveJob;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.ResultJson;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /v1/jobs/{jobId}/events} (SPEC §6): the checks before a stream starts answer problem+json (400 bad
 * {@code Last-Event-ID}, 404, 410, 503 past the cap); then the response goes async (Javalin's {@code ctx.future}
 * with a future completed when the stream ends), so the request thread returns at once, and {@link EventStreams}
 * serves it. A resuming client gets, from the version it names, exactly the images it did not hold then.
 */
final class JobEventRoutes {
    private final ObserveJob observe;
    private final GetJob getJob;
    private final EventStreams streams;
    private final Function<Img2ImgResult, Map<String, Object>> resultMap;

    JobEventRoutes(ObserveJob observe, GetJob getJob, EventStreams streams, Supplier<String> publicUrl) {
        this.observe = observe;
        this.getJob = getJob;
        this.streams = streams;
        this.resultMap = result -> ResultJson.toMap(result, image -> publicUrl.get() + "/v1/assets/" + image.assetId());
    }

    void events(Context ctx) throws IOException {
        String jobId = ctx.pathParam("jobId");
        long after = lastEventId(ctx.header("Last-Event-ID"));
        if (after == Long.MIN_VALUE) {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.INVALID_REQUEST,
                            "Last-Event-ID must be an event id this stream sent (a whole number)"));
            return;
        }
        Optional<ObserveJob.Moment> now;
        int imagesHeld;
        try {
            now = observe.now(jobId);
            imagesHeld = now.isPresent() && after >= 0 ? observe.imagesAt(jobId, after) : 0;
        } catch (ListJobs.Unavailable e) {
            Responses.problem(
                    ctx, Problem.of(ErrorCode.LEDGER_UNAVAILABLE, e.getMessage(), List.of(), Duration.ofSeconds(5)));
            return;
        }
        if (now.isEmpty()) { // not in the ledger: 400 bad id, 410 pruned, 404 unknown, as GET /v1/jobs/{jobId}
            Img2ImgResult unknown = getJob.get(jobId, Duration.ZERO, ProgressListener.NONE);
            Responses.problem(
                    ctx,
                    unknown.error() != null
                            ? Problem.of(unknown.error())
                            : Problem.of(
                                    ErrorCode.UNKNOWN_JOB,
                                    "job " + jobId + " is not in the job ledger; GET /v1/jobs/" + jobId
                                            + " follows it"));
            return;
        }
        String client = ClientKey.of(ctx.req());
        EventStreams.Reservation reserved = streams.tryReserve(client);
        if (reserved == EventStreams.Reservation.CLIENT_FULL) {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.TOO_MANY_EVENT_STREAMS_FOR_CLIENT,
                            "this client "
                                    + "holds its share of open event streams (IMG2IMG_MAX_EVENT_STREAMS_PER_CLIENT); close one, retry later "
                                    + "or poll GET /v1/jobs/" + jobId,
                            List.of(),
                            Duration.ofSeconds(5)));
            return;
        }
        if (reserved == EventStreams.Reservation.NODE_FULL) {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.TOO_MANY_EVENT_STREAMS,
                            "this server has "
                                    + "its most open event streams (IMG2IMG_MAX_EVENT_STREAMS); retry later or poll GET /v1/jobs/"
                                    + jobId,
                            List.of(),
                            Duration.ofSeconds(5)));
            return;
        }
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no"); // proxies must not hold events back
        EventConnection.prepare(ctx);
        res.flushBuffer();
        EventConnection.startAsync(ctx); // before Javalin's own: the output goes non-blocking now
        EventStream stream = new EventStream(
                jobId, after, imagesHeld, res.getOutputStream(), () -> EventConnection.abort(ctx), resultMap);
        EventConnection.watch(ctx, stream::clientGone);
        ctx.future(() -> stream.done); // the request thread returns; the response stays open until done
        streams.add(stream, client);
    }

    /** The version a resuming client holds; -1 when none; {@link Long#MIN_VALUE} when not a version. */
    static long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            long id = Long.parseLong(header.strip());
            return id < 0 ? Long.MIN_VALUE : id;
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
