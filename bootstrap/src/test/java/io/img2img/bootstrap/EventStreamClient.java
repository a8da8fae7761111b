package io.img2img.bootstrap;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * A server-sent events client as a browser's EventSource reads a stream (the WHATWG rules): fields up to a blank
 * line make one event; an event without an {@code id} keeps the last id seen, which is what a reconnect sends.
 */
final class EventStreamClient implements AutoCloseable {
    private static final OkHttpClient CLIENT =
            new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();

    /** One event, or a comment ({@code type} "comment"); {@code lastEventId} as the client holds it after it. */
    record Event(String type, String data, String lastEventId) {}

    final Response response;
    private final BufferedSource source;
    String lastEventId;

    /** {@code headers}: more name/value pairs to send (a token). */
    EventStreamClient(String url, String lastEventId, String... headers) throws IOException {
        Request.Builder request = new Request.Builder().url(url).header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        this.response = CLIENT.newCall(request.build()).execute();
        this.source = response.body().source();
        this.lastEventId = lastEventId;
    }

    /** The next event or comment; {@code null} when the server ended the stream. */
    Event next() throws IOException {
        String type = null;
        StringBuilder data = null;
        String line;
        while ((line = source.readUtf8Line()) != null) {
            if (line.isEmpty()) {
                if (type != null || data != null) {
                    return new Event(type == null ? "message" : type, data == null ? "" : data.toString(), lastEventId);
                }
                continue;
            }
            if (line.startsWith(":")) {
                return new Event("comment", line.substring(1).strip(), lastEventId);
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "event" -> type = value;
                case "data" ->
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                case "id" -> lastEventId = value;
                default -> {}
            }
        }
        return null;
    }

    /** Every event up to the end of the stream, comments left out. */
    List<Event> rest() throws IOException {
        List<Event> events = new ArrayList<>();
        for (Event e = next(); e != null; e = next()) {
            if (!e.type().equals("comment")) {
                events.add(e);
            }
        }
        return events;
    }

    @Override
    public void close() {
        response.close();
    }
}
