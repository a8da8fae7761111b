package io.img2img.bootstrap.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.bootstrap.browser.Browser.ColourScheme;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The browser harness itself, on pages held in data: URLs: the viewport and colour scheme asked for are the
 * ones the page sees, axe-core finds violations where there are some and none where there are none, and
 * screenshots are written. The playground's own browser tests build on these pieces.
 */
class BrowserHarnessIT {
    private static final String CLEAN = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>harness</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">
            <style>body{font:16px system-ui;margin:1rem;background:#fff;color:#111}
            @media (prefers-color-scheme: dark){body{background:#111;color:#eee}}</style></head>
            <body><main><h1>Harness</h1><label for="p">Prompt</label><input id="p"></main></body></html>""";
    private static final String BROKEN = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>broken</title></head>
            <body><main><h1>Broken</h1><input id="p"><img src="data:," width="10" height="10">
            <p style="color:#bbb;background:#fff">faint text</p></main></body></html>""";

    @Test
    void aCleanPageHasNoViolationAtBothWidthsInBothSchemes() throws Exception {
        for (int width : new int[] {390, 1280}) {
            for (ColourScheme scheme : ColourScheme.values()) {
                try (Browser browser = Browser.open(width, 900, scheme)) {
                    browser.driver().get(dataUrl(CLEAN));
                    assertThat(browser.script("return window.innerWidth")).isEqualTo((long) width);
                    assertThat(browser.script("return matchMedia('(prefers-color-scheme: dark)').matches"))
                            .isEqualTo(scheme == ColourScheme.DARK);
                    assertThat(Axe.scan(browser))
                            .as("axe on a clean page, %d px, %s", width, scheme)
                            .isEmpty();
                    Path shot = browser.screenshot(
                            "harness-" + width + "-" + scheme.name().toLowerCase());
                    assertThat(Files.readAllBytes(shot)).startsWith(0x89, 'P', 'N', 'G');
                    assertThat(browser.consoleErrors()).isEmpty();
                }
            }
        }
    }

    @Test
    void theScanReportsWhatIsBroken() {
        try (Browser browser = Browser.open(390, 900, ColourScheme.LIGHT)) {
            browser.driver().get(dataUrl(BROKEN));
            assertThat(Axe.seriousOrCritical(browser))
                    .extracting(Axe.Violation::id)
                    .contains("label", "image-alt", "color-contrast");
        }
    }

    private static String dataUrl(String html) {
        return "data:text/html;base64," + Base64.getEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8));
    }
}
