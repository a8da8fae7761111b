package io.img2img.bootstrap.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.bootstrap.browser.Browser.ColourScheme;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playground for every person: axe-core finds no serious or critical violation on a phone and a desktop,
 * in light and dark, with a result and a history on screen; and no other site can frame it. Its screenshots
 * (target/browser-screenshots/playground-{width}-{scheme}.png) are the ones to review, and the README's.
 */
class PlaygroundLooksIT {
    @TempDir
    Path home;

    @Test
    void noSeriousOrCriticalViolationAtBothWidthsInBothSchemesWithAResultOnScreen() throws Exception {
        try (PlaygroundServer server = PlaygroundServer.start(home, Map.of())) {
            for (int width : new int[] {390, 1280}) {
                for (ColourScheme scheme : ColourScheme.values()) {
                    try (Browser browser = Browser.open(width, width < 500 ? 844 : 900, scheme)) {
                        PlaygroundPage page = new PlaygroundPage(browser, server.base);
                        page.open();
                        assertThat(Axe.seriousOrCritical(browser))
                                .as("axe on the empty page, %d px, %s", width, scheme)
                                .isEmpty();
                        page.generateOnce("a lighthouse at dusk", 2, 256);
                        page.waitForHistory(1);
                        assertThat(Axe.seriousOrCritical(browser))
                                .as("axe with a result, %d px, %s", width, scheme)
                                .isEmpty();
                        browser.script("window.scrollTo(0, 0)");
                        browser.screenshot(
                                "playground-" + width + "-" + scheme.name().toLowerCase());
                        assertThat(browser.consoleErrors()).isEmpty();
                    }
                }
            }
        }
    }

    @Test
    void anotherOriginCannotFrameThePage() throws Exception {
        try (PlaygroundServer server = PlaygroundServer.start(home, Map.of());
                Browser browser = Browser.open(1280, 900, ColourScheme.LIGHT)) {
            String framing =
                    "<!doctype html><html lang=\"en\"><title>framing</title><iframe title=\"playground\" src=\""
                            + server.base + "/\" onload=\"document.title = 'loaded'\"></iframe></html>";
            browser.driver()
                    .get("data:text/html;base64,"
                            + Base64.getEncoder().encodeToString(framing.getBytes(StandardCharsets.UTF_8)));
            new PlaygroundPage(browser, server.base)
                    .waitFor(
                            "the frame's load event",
                            () -> "loaded".equals(browser.driver().getTitle()));
            browser.screenshot("playground-framed-refused");
            browser.driver().switchTo().frame(0);
            // refused by frame-ancestors 'none', the frame holds Chromium's error page instead of the playground
            assertThat(browser.driver().findElements(org.openqa.selenium.By.id("request-form")))
                    .isEmpty();
            assertThat((String) browser.script("return document.URL")).doesNotStartWith(server.base);
        }
    }
}
