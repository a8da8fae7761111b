package io.img2img.adapter.http;

import java.time.Duration;

/**
 * Told of every request the router answered (Javalin's request logger, after the response): its method, the
 * matched route's template ({@code /v1/jobs/{jobId}}, never the raw path; {@code unmatched} when no route matched)
 * and its status. Metrics listen; the server knows no listener.
 */
public interface RequestListener {
    /** The route of a request no route matched (a 404, a 405). */
    String UNMATCHED = "unmatched";

    void ended(String method, String route, int status, Duration took);
}
