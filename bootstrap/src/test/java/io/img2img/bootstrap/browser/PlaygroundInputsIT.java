package io.img2img.bootstrap.browser;

import io.img2img.bootstrap.browser.Browser.ColourScheme;
import io.img2img.bootstrap.browser.PlaygroundIT.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The other ways in and out of the page: drop and paste a reference, download link, lock or renew the seed. */
class PlaygroundInputsIT {
    /** Makes a PNG of the given size in the page and hands it over as a DataTransfer (the page's own File). */
    private static final String TRANSFER = "const [w, h, name, send] = arguments;"
            + "const canvas = Object.assign(document.createElement('canvas'), {width: w, height: h});"
            + "canvas.getContext('2d').fillRect(0, 0, w, h);"
            + "canvas.toBlob((blob) => { const data = new DataTransfer();"
            + " data.items.add(new File([blob], name, {type: 'image/png'}));"
            + " if (send === 'drop') document.getElementById('dropzone').dispatchEvent("
            + "   new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));"
            + " else document.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));"
            + "}, 'image/png');";

    @TempDir
    Path home;

    @Test
    void aDroppedAndAPastedImageEachBecomeTheReference() throws Exception {
        try (PlaygroundServer server = PlaygroundServer.start(home, Map.of());
             Browser browser = Browser.open(1280, 900, ColourScheme.LIGHT)) {
            Page page = new Page(browser, server.base);
            page.open();
            browser.script(TRANSFER, 64, 48, "dropped.png", "drop");
            page.waitForText("reference-info", "dropped.png: 64 × 48 px");
            browser.script(TRANSFER, 80, 40, "pasted.png", "paste");
            page.waitForText("reference-info", "pasted.png: 80 × 40 px");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void theDownloadLinkIsTheShownImageAndTheSeedLockKeepsTheSeedUntilNew() throws Exception {
        try (PlaygroundServer server = PlaygroundServer.start(home, Map.of());
             Browser browser = Browser.open(1280, 900, ColourScheme.LIGHT)) {
            Page page = new Page(browser, server.base);
            page.open();
            page.generateOnce("a green field", 1, 128);
            String assetId = PlaygroundIT.jobs(server, null).get(0).path("images").get(0).path("assetId").asText();
            String seed = PlaygroundIT.jobs(server, null).get(0).path("seed").asText();

            var download = browser.driver().findElement(By.cssSelector("#gallery a[download]"));
            assertThat(download.getAttribute("download")).isEqualTo(assetId + ".png");
            // the page's CSP (connect-src 'self') keeps even a test script from fetching the blob: URL, so the link is
            // checked to point at the very blob the browser decoded as the shown image
            assertThat(download.getAttribute("href")).startsWith("blob:" + server.base + "/")
                    .isEqualTo(browser.driver().findElement(By.cssSelector("#gallery img")).getAttribute("src"));

            assertThat(page.byId("field-seed").getDomProperty("value")).isEqualTo(seed);
            page.click(By.id("seed-lock"));
            page.click(By.id("generate"));
            page.waitFor("a second job", () -> jobCount(server) == 2);
            page.waitForText("progress-text", "Done: 1 image.");
            assertThat(PlaygroundIT.jobs(server, null).get(0).path("seed").asText()).as("locked").isEqualTo(seed);

            page.click(By.id("seed-new"));
            String renewed = page.byId("field-seed").getDomProperty("value");
            assertThat(renewed).isNotEqualTo(seed);
            page.click(By.id("generate"));
            page.waitFor("a third job", () -> jobCount(server) == 3);
            page.waitForText("progress-text", "Done: 1 image.");
            assertThat(PlaygroundIT.jobs(server, null).get(0).path("seed").asText()).as("new").isEqualTo(renewed);
        }
    }

    private static int jobCount(PlaygroundServer server) {
        try {
            return PlaygroundIT.jobs(server, null).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
