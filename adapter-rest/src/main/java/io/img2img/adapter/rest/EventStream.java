package io.img2img.adapter.rest;

import io.img2img.application.port.in.ObserveJob;
import io.img2img.domain.result.Img2ImgResult;
import jakarta.servlet.ServletOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One client's event stream of one job (SPEC §6). The client holds everything the job said up to a version (the
 * last event id sent, or its {@code Last-Event-ID}); the job now tells the version at which its status and its
 * progress last changed, so events are neither lost nor repeated, on resume too: a
 * status event when the status changed after the held version, else a progress event when the progress did, an
 * image event for each image beyond the count already held (images are append-only), and the result at the end.
 * The events of one version go out in one write, and only the last of them carries {@code id: <version>}: a
 * client's {@code Last-Event-ID} therefore always names a version whose every event it has received. A queued
 * job's position is computed when read and moves with no new version of the job (F12): the stream reads it again
 * on every change to the ledger and, when it differs from what the client was told, sends it in a progress event
 * (mergeable) under the version the client holds. Writes never
 * block ({@link NonBlockingOutput}): a client that stops reading is dropped, not waited for.
 */
final class EventStream {
    private final String jobId;
    private final NonBlockingOutput output;
    private final Function<Img2ImgResult, Map<String, Object>> resultMap;
    /** Completed when the stream ends: Javalin then completes the response. */
    final CompletableFuture<Void> done = new CompletableFuture<>();
    /** The version whose every event the client holds. */
    private long version;

    private int imagesSent;
    /** The queue position the client was told last; {@code null}: none yet (a new or resumed stream). */
    private Integer positionSent;

    private long lastWriteNanos = System.nanoTime();

    /**
     * @param afterVersion the version the client already holds ({@code Last-Event-ID}), or -1 for a new client
     * @param imagesHeld   how many of the job's images it held at that version
     * @param resultMap    the result as the JSON map REST answers (absolute image URLs)
     */
    EventStream(
            String jobId,
            long afterVersion,
            int imagesHeld,
            ServletOutputStream out,
            Runnable abort,
            Function<Img2ImgResult, Map<String, Object>> resultMap) {
        this.jobId = jobId;
        this.version = afterVersion;
        this.imagesSent = imagesHeld;
        this.output = new NonBlockingOutput(out, abort, () -> done.complete(null));
        this.resultMap = resultMap;
        out.setWriteListener(output); // from now on the output is non-blocking (the request is async already)
    }

    String jobId() {
        return jobId;
    }

    /** Writes what changed since the version the client holds; returns false once the stream has ended. */
    synchronized boolean advance(ObserveJob.Moment now) {
        if (done.isDone() || now.version() <= version) { // nothing the client does not hold already
            if (now.ended()) {
                close();
            } else if (!done.isDone()
                    && now.queuePosition() != null
                    && !now.queuePosition().equals(positionSent)) {
                write(frame(List.<String[]>of(positionEvent(now)), version)); // the queue moved ahead of the job
            }
            return !done.isDone();
        }
        List<String[]> events = new ArrayList<>();
        Map<String, Object> result = resultMap.apply(now.result());
        Double progress = now.result().progress();
        if (!now.ended() && now.statusVersion() > version) {
            Map<String, Object> data = body("status", now.result().status().wireName());
            data.put("progress", progress);
            if (now.queuePosition() != null) {
                data.put("queuePosition", now.queuePosition());
            }
            positionSent = now.queuePosition();
            events.add(new String[] {"status", Responses.write(data)});
        } else if (!now.ended()
                && now.queuePosition() != null
                && !now.queuePosition().equals(positionSent)) {
            events.add(positionEvent(now));
        } else if (!now.ended() && now.progressVersion() > version) {
            events.add(new String[] {"progress", Responses.write(body("progress", progress))});
        }
        version = now.version();
        List<?> images = result.get("images") instanceof List<?> list ? list : List.of();
        for (int i = imagesSent; i < images.size(); i++) {
            events.add(new String[] {"image", Responses.write(body("image", images.get(i)))});
        }
        imagesSent = Math.max(imagesSent, images.size());
        if (now.ended()) {
            events.add(new String[] {"result", Responses.write(result)});
        }
        if (!events.isEmpty()) {
            write(frame(events, version));
        }
        if (now.ended()) {
            close();
        }
        return !done.isDone();
    }

    /** A comment line when nothing was written for {@code intervalNanos}, so proxies and clients see life. */
    synchronized void heartbeatIfQuiet(long nowNanos, long intervalNanos) {
        if (!done.isDone() && nowNanos - lastWriteNanos >= intervalNanos) {
            write(": heartbeat\n\n");
        }
    }

    /** Ends the stream once what was written is sent (the job ended, or the server stops). */
    void close() {
        output.finish();
    }

    /** The client's connection failed, or it stopped reading: the stream ends now. */
    void clientGone() {
        output.drop();
    }

    /** A progress event that tells the queue position too (a queued job's position moved): may be merged. */
    private String[] positionEvent(ObserveJob.Moment now) {
        positionSent = now.queuePosition();
        Map<String, Object> data = body("progress", now.result().progress());
        data.put("queuePosition", now.queuePosition());
        return new String[] {"progress", Responses.write(data)};
    }

    private Map<String, Object> body(String name, Object value) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobId", jobId);
        data.put(name, value);
        return data;
    }

    private static String frame(List<String[]> events, long version) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            if (i == events.size() - 1) {
                text.append("id: ").append(version).append('\n');
            }
            text.append("event: ")
                    .append(events.get(i)[0])
                    .append('\n')
                    .append("data: ")
                    .append(events.get(i)[1])
                    .append("\n\n");
        }
        return text.toString();
    }

    private void write(String text) {
        output.send(text.getBytes(StandardCharsets.UTF_8));
        lastWriteNanos = System.nanoTime();
    }
}
