package io.img2img.bootstrap.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page on a busy server (SPEC §11 "429/503 count down Retry-After", §4 queue position): its one running slot
 * held by a long job started over REST (128 samples of 2048 px take the local renderer minutes) until the test
 * cancels it.
 */
class PlaygroundBusyIT {
    private static final Pattern COUNTDOWN = Pattern.compile("Trying again in (\\d+) s\\.");

    @TempDir
    Path home;

    @Test
    void withNoQueueTheRefusalsRetryAfterCountsDownAndTheSameRequestSucceedsOnceTheSlotIsFree() throws Exception {
        // a lease of 8 s makes the queue-full Retry-After 4 s: long enough to watch, short enough to wait for
        try (PlaygroundSession session = PlaygroundSession.start(
                home,
                Map.of(
                        "IMG2IMG_MAX_CONCURRENT_JOBS",
                        "1",
                        "IMG2IMG_MAX_QUEUED_JOBS",
                        "0",
                        "IMG2IMG_LEASE_SECONDS",
                        "8"))) {
            PlaygroundPage page = session.page();
            ServerApi api = session.api();
            page.open();
            String busy = api.startJob(128, 2048).path("jobId").asText();
            HttpResponse<String> refused = api.generate(1, 64, 503);
            int retryAfter =
                    Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).as("Retry-After of " + refused.body()).isGreaterThan(1);

            page.fill("a harbour at night", 1, 128);
            page.click(By.id("generate"));
            List<Integer> shown = watchCountdown(session);
            page.show("retry");
            session.browser().screenshot("playground-503-countdown");
            assertThat(shown)
                    .as("the seconds shown")
                    .allSatisfy(s -> assertThat(s).isBetween(0, retryAfter));
            assertThat(page.byId("retry-text").getDomProperty("textContent"))
                    .as("the server's reason, then the countdown")
                    .matches("(?s).*retry shortly\\. Trying again in \\d+ s\\.");
            assertThat(page.text("progress-text")).contains("Trying again in");
            assertThat(api.jobs()).as("a refused request starts nothing").hasSize(1);

            api.cancel(busy);
            page.waitForImages(1, 128);
            page.waitForText("progress-text", "Done: 1 image.");
            assertThat(api.jobs()).as("the page's retries made one job").hasSize(2);
            assertThat(api.jobs().get(0).path("status").asText()).isEqualTo("success");
            assertThat(page.byId("retry").isDisplayed())
                    .as("the countdown is gone")
                    .isFalse();
            assertThat(session.browser().consoleErrors())
                    .as("a 503 is a page state, not a console error")
                    .allMatch(line -> line.contains("/v1/generate/img2img") && line.contains("503"));
        }
    }

    @Test
    void pastTheRunningBoundTheJobShowsItsQueuePositionThenItsProgressAndTheCancelButtonEndsIt() throws Exception {
        try (PlaygroundSession session = PlaygroundSession.start(home, Map.of("IMG2IMG_MAX_CONCURRENT_JOBS", "1"))) {
            PlaygroundPage page = session.page();
            ServerApi api = session.api();
            page.open();
            String busy = api.startJob(128, 2048).path("jobId").asText();

            page.fill("a slow tide", 128, 2048);
            page.click(By.id("generate"));
            page.waitForText("progress-text", "Queued: position 1.");
            page.show("progress-text");
            session.browser().screenshot("playground-queued");

            api.cancel(busy);
            page.waitForText("progress-text", "Generating:");
            page.waitFor(
                    "the first sample's progress",
                    () -> Double.parseDouble(page.byId("progress").getDomProperty("value")) > 0);
            page.show("progress-text");
            session.browser().screenshot("playground-progress");
            page.click(By.id("cancel"));
            page.waitForText("progress-text", "Canceled");
            assertThat(api.jobs().get(0).path("status").asText()).isEqualTo("canceled");
            assertThat(page.byId("cancel").isDisplayed()).isFalse();
        }
    }

    /**
     * Reads the countdown until it has stepped down by one second (two values shown, the second one less), and
     * returns the distinct values in the order they were shown.
     */
    private static List<Integer> watchCountdown(PlaygroundSession session) {
        List<Integer> shown = new ArrayList<>();
        new WebDriverWait(session.browser().driver(), Duration.ofSeconds(60), Duration.ofMillis(50))
                .withMessage(() -> "a countdown stepping down; seen " + shown)
                .until(d -> {
                    if (session.page().byId("retry").isDisplayed()) {
                        Matcher m = COUNTDOWN.matcher(session.page().text("retry-text"));
                        if (m.find()
                                && (shown.isEmpty() || shown.get(shown.size() - 1) != Integer.parseInt(m.group(1)))) {
                            shown.add(Integer.parseInt(m.group(1)));
                        }
                    }
                    return shown.size() >= 2 && shown.get(shown.size() - 1) == shown.get(shown.size() - 2) - 1;
                });
        return shown;
    }
}
