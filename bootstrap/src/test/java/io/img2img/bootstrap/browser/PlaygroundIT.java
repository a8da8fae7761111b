package io.img2img.bootstrap.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The playground in a real browser against the fat jar on the local backend (SPEC §11, issue 16): what a
 * person does, checked by what the browser shows and by what the server's API says happened.
 */
class PlaygroundIT {
    @TempDir
    Path home;

    @Test
    void anUploadedReferenceAndAPromptBecomeTwoImagesForOneJobEvenOnADoubleClick() throws Exception {
        // a daily budget: today's spend shows beside the price (local jobs cost nothing, so it stays whole)
        try (PlaygroundSession session = PlaygroundSession.start(home, Map.of("IMG2IMG_DAILY_CREATIVE_UNITS", "50"))) {
            PlaygroundPage page = session.page();
            page.open();
            page.waitForText("spend", "Today (UTC): 0 of 50 Creative Units used (50 left), 0 spent.");
            session.browser().screenshot("playground-empty");
            page.chooseReference();
            session.browser().screenshot("playground-reference");
            page.type("field-prompt", "a lighthouse at dusk");
            page.type("field-numSamples", "2");
            page.type("field-width", "256");
            page.type("field-height", "256");
            page.waitForText("price", PlaygroundPage.LOCAL_PRICE);
            assertThat(session.api().jobs()).as("pricing is a dry run: no job").isEmpty();
            page.show("price");
            session.browser().screenshot("playground-priced");

            new Actions(session.browser().driver())
                    .doubleClick(page.byId("generate"))
                    .perform();
            page.waitForImages(2, 256);
            assertThat(page.text("progress-text")).isEqualTo("Done: 2 images.");
            assertThat(session.api().jobs()).as("a double click makes one job").hasSize(1);
            page.waitForText("spend", "Today (UTC): 0 of 50 Creative Units used (50 left), 0 spent.");
            session.browser().screenshot("playground-result");

            assertThat(page.foreignRequests()).as("only its own origin").isEmpty();
            assertThat(session.browser().consoleErrors()).isEmpty();
        }
    }

    @Test
    void aServerOnlyViolationIsShownAtItsFieldAndUseAsReferenceChainsTheAssetAndTheHistoryOutlivesARestart()
            throws Exception {
        try (PlaygroundSession session = PlaygroundSession.start(home, Map.of())) {
            PlaygroundPage page = session.page();
            ServerApi api = session.api();
            page.open();
            page.generateOnce("a red door", 1, 128);
            String firstAsset = api.newestAssetId();
            page.recordGenerations();

            page.click(By.cssSelector("#gallery li button")); // "Use as reference"
            page.waitForText("reference-info", firstAsset);
            page.click(By.cssSelector("#advanced summary"));
            page.type("field-imageParentId", firstAsset);
            page.click(By.id("generate"));
            page.waitForText("err-imageParentId", "applies only when image is a data URL");
            assertThat(page.byId("field-imageParentId").getAttribute("aria-invalid"))
                    .isEqualTo("true");
            page.waitForText("progress-text", "Not generated");
            assertThat(api.jobs()).as("a refused request makes no job").hasSize(1);
            session.browser().screenshot("playground-violation");

            page.byId("field-imageParentId").clear();
            page.click(By.id("generate"));
            page.waitFor("a second job", () -> api.jobCount() == 2);
            page.waitForText("progress-text", "Done: 1 image.");
            assertThat(page.sentImages())
                    .as("the next request names the previous asset")
                    .containsExactly(firstAsset, firstAsset);

            session.browser().driver().navigate().refresh();
            page.waitForHistory(2);
            assertThat(session.browser().consoleErrors())
                    .as("a 400 is a page state, not a console error")
                    .allMatch(line -> line.contains("/v1/generate/img2img") && line.contains("400"));
        }
        try (PlaygroundSession restarted = PlaygroundSession.start(home, Map.of())) {
            restarted.page().open();
            restarted.page().waitForHistory(2);
            assertThat(restarted.browser().driver().findElements(By.cssSelector("#history-list > li")))
                    .hasSize(2);
            restarted.browser().screenshot("playground-history-after-restart");
        }
    }

    @Test
    void aServerWithATokenIsUsedOnceThePersonGivesItAndNoUrlCarriesIt() throws Exception {
        String token = "playground-test-token-5f1c";
        try (PlaygroundSession session = PlaygroundSession.start(home, Map.of("IMG2IMG_API_TOKEN", token))) {
            PlaygroundPage page = session.page();
            session.browser().driver().get(session.server().base + "/");
            page.waitFor("the token dialog", () -> page.byId("token-dialog").isDisplayed());
            session.browser().screenshot("playground-token");
            page.byId("token-input").sendKeys(token + Keys.ENTER);
            page.waitUntilReady();
            page.generateOnce("a blue boat", 1, 128);
            assertThat(session.server().api(token).jobs()).hasSize(1);
            assertThat(page.requestUrls()).isNotEmpty().noneMatch(url -> url.contains(token));
        }
    }
}
