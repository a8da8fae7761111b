package io.img2img.bootstrap.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The other ways in and out of the page: drop and paste a reference, download an image, lock or renew the seed. */
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
        try (PlaygroundSession session = PlaygroundSession.start(home, Map.of())) {
            PlaygroundPage page = session.page();
            page.open();
            session.browser().script(TRANSFER, 64, 48, "dropped.png", "drop");
            page.waitForText("reference-info", "dropped.png: 64 × 48 px");
            session.browser().script(TRANSFER, 80, 40, "pasted.png", "paste");
            page.waitForText("reference-info", "pasted.png: 80 × 40 px");
            assertThat(session.browser().consoleErrors()).isEmpty();
        }
    }

    @Test
    void downloadSavesTheImagesBytesAndTheSeedLockKeepsTheSeedUntilNew() throws Exception {
        try (PlaygroundSession session = PlaygroundSession.start(home, Map.of())) {
            PlaygroundPage page = session.page();
            ServerApi api = session.api();
            page.open();
            page.generateOnce("a green field", 1, 128);
            String assetId = api.newestAssetId();
            String seed = api.jobs().get(0).path("seed").asText();

            WebElement download = session.browser().driver().findElement(By.cssSelector("#gallery a[download]"));
            assertThat(download.getAttribute("download")).isEqualTo(assetId + ".png");
            download.click();
            // the page's CSP (connect-src 'self') keeps a test script from reading the blob: URL, so the saved file is
            // compared with the asset as the server serves it
            Path saved = session.downloads().resolve(assetId + ".png");
            page.waitFor(
                    "the download " + saved,
                    () -> Files.isRegularFile(saved) && onlyFinishedDownloads(session.downloads()));
            assertThat(Files.readAllBytes(saved)).isEqualTo(api.asset(assetId));

            assertThat(page.byId("field-seed").getDomProperty("value")).isEqualTo(seed);
            page.click(By.id("seed-lock"));
            page.click(By.id("generate"));
            page.waitFor("a second job", () -> api.jobCount() == 2);
            page.waitForText("progress-text", "Done: 1 image.");
            assertThat(api.jobs().get(0).path("seed").asText()).as("locked").isEqualTo(seed);

            page.click(By.id("seed-new"));
            String renewed = page.byId("field-seed").getDomProperty("value");
            assertThat(renewed).isNotEqualTo(seed);
            page.click(By.id("generate"));
            page.waitFor("a third job", () -> api.jobCount() == 3);
            page.waitForText("progress-text", "Done: 1 image.");
            assertThat(api.jobs().get(0).path("seed").asText()).as("new").isEqualTo(renewed);
        }
    }

    /** Chromium writes a download as *.crdownload and renames it once whole. */
    static boolean onlyFinishedDownloads(Path folder) {
        try (var files = Files.list(folder)) {
            return files.noneMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
