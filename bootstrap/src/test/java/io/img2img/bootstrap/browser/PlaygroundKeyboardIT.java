package io.img2img.bootstrap.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The whole flow without a mouse (SPEC §11 "usable by keyboard and screen reader"): only Tab, Enter, Space and
 * typing, sent to whatever has the focus; the reference is chosen by sending its path to the focused file input,
 * as a person would in the file dialog that Enter opens.
 */
class PlaygroundKeyboardIT {
    /** Records every element that gets the focus, to check the order against the document's. */
    private static final String TRAIL =
            "window.focusTrail = [];" + "document.addEventListener('focusin', (e) => focusTrail.push(e.target), true);";
    /** The positions in the trail where focus moved backwards in the document, and the elements without a name. */
    private static final String TRAIL_FAULTS = "const faults = [];"
            + "focusTrail.forEach((e, i) => { const name = (e.labels?.[0]?.textContent || e.getAttribute('aria-label')"
            + "  || e.textContent || '').trim();"
            + " if (!name) faults.push('no accessible name: ' + e.outerHTML.slice(0, 80));"
            + " if (i > 0 && !(focusTrail[i - 1].compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING))"
            + "  faults.push('backwards: ' + e.outerHTML.slice(0, 80)); });"
            + "return faults;";
    /** Keeps what the progress live region says, as a screen reader would announce it. */
    private static final String LISTEN =
            "window.announced = []; const region = document.getElementById('progress-text');"
                    + "new MutationObserver(() => announced.push(region.textContent))"
                    + ".observe(region, {childList: true, characterData: true, subtree: true});";

    @TempDir
    Path home;

    @Test
    void referencePromptGenerateUseAsReferenceAndDownloadAllByKeyboard() throws Exception {
        try (PlaygroundSession session = PlaygroundSession.start(home, Map.of())) {
            PlaygroundPage page = session.page();
            page.open();
            session.browser().script(TRAIL);

            List<String> order = new ArrayList<>();
            String focused;
            do {
                press(session, Keys.TAB);
                focused = focused(session);
                order.add(focused);
                switch (focused) {
                    case "reference-file" -> {
                        session.browser()
                                .driver()
                                .switchTo()
                                .activeElement()
                                .sendKeys(PlaygroundPage.REFERENCE.toString());
                        page.waitForText("reference-info", "reference.png: 512 × 512 px");
                    }
                    case "field-prompt" -> type(session, "a kite over the dunes");
                    case "field-numSamples" -> replace(session, "1");
                    case "field-width", "field-height" -> replace(session, "128");
                    default -> {}
                }
            } while (!focused.equals("generate") && order.size() < 40);
            assertThat(order)
                    .startsWith(
                            "Skip to the request", "token-button", "reference-file", "field-modelId", "field-prompt")
                    .containsSubsequence(
                            "field-numSamples",
                            "field-width",
                            "field-height",
                            "field-seed",
                            "seed-lock",
                            "seed-new",
                            "Advanced",
                            "generate")
                    .endsWith("generate");
            assertThat((List<?>) session.browser().script(TRAIL_FAULTS))
                    .as("focus follows the document, each stop named")
                    .isEmpty();

            page.waitForText("price", PlaygroundPage.LOCAL_PRICE);
            assertThat(page.byId("progress-text").getAttribute("role")).isEqualTo("status");
            assertThat(page.byId("progress-text").getAttribute("aria-live")).isEqualTo("polite");
            session.browser().script(LISTEN);
            press(session, Keys.ENTER);
            page.waitForImages(1, 128);
            page.waitForText("progress-text", "Done: 1 image.");
            @SuppressWarnings("unchecked")
            List<String> announced = (List<String>) session.browser().script("return announced");
            assertThat(announced)
                    .as("progress announced in the live region")
                    .contains("Sending the request…")
                    .last()
                    .isEqualTo("Done: 1 image.");

            press(session, Keys.TAB);
            assertThat(focused(session))
                    .as("from Generate, Tab reaches the new image")
                    .isEqualTo("Download");
            session.browser().screenshot("playground-keyboard");
            String assetId = session.api().newestAssetId();
            press(session, Keys.ENTER);
            Path saved = session.downloads().resolve(assetId + ".png");
            page.waitFor(
                    "the download " + saved,
                    () -> Files.isRegularFile(saved) && PlaygroundInputsIT.onlyFinishedDownloads(session.downloads()));

            press(session, Keys.TAB);
            assertThat(focused(session)).isEqualTo("Full size");
            press(session, Keys.TAB);
            assertThat(focused(session)).isEqualTo("Use as reference");
            press(session, Keys.SPACE);
            page.waitForText("reference-info", assetId);
            assertThat(focused(session))
                    .as("back at the request, to write the next prompt")
                    .isEqualTo("request-heading");
            assertThat(session.browser().consoleErrors()).isEmpty();
        }
    }

    private static void press(PlaygroundSession session, Keys key) {
        new Actions(session.browser().driver()).sendKeys(key).perform();
    }

    private static void type(PlaygroundSession session, String text) {
        new Actions(session.browser().driver()).sendKeys(text).perform();
    }

    /** Selects the focused field's text and types over it. */
    private static void replace(PlaygroundSession session, String text) {
        new Actions(session.browser().driver())
                .keyDown(Keys.CONTROL)
                .sendKeys("a")
                .keyUp(Keys.CONTROL)
                .sendKeys(text)
                .perform();
    }

    /** The focused element: its id, else its text. */
    private static String focused(PlaygroundSession session) {
        return (String)
                session.browser().script("const a = document.activeElement; return a.id || a.textContent.trim();");
    }
}
