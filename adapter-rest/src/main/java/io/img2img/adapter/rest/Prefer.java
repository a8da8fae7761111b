package io.img2img.adapter.rest;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code wait} preference of RFC 7240's Prefer header, bounded; anything unreadable is ignored. */
final class Prefer {
    static final Duration MAX_WAIT = Duration.ofSeconds(300);
    private static final Pattern WAIT = Pattern.compile("(?i)(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,9})\"?");

    private Prefer() {}

    static Duration waitOf(String header, Duration fallback) {
        if (header == null) {
            return fallback;
        }
        Matcher m = WAIT.matcher(header);
        if (!m.find()) {
            return fallback;
        }
        long seconds = Long.parseLong(m.group(1));
        return seconds > MAX_WAIT.toSeconds() ? MAX_WAIT : Duration.ofSeconds(seconds);
    }
}
