package io.img2img.bootstrap.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.bootstrap.browser.Browser.ColourScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The playground in a real browser against the fat jar on the local backend (SPEC §11, issue 16): what a
 * person does, checked by what the browser shows and by what the server's API says happened.
 */
class PlaygroundIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path REFERENCE = Path.of(System.getProperty("img2img.root", "..")).resolve("examples/reference.png")
            .toAbsolutePath().normalize();
    private static final String LOCAL_PRICE = "0 Creative Units — local procedural renderer, not an AI model";

    @TempDir
    Path home;

    @Test
    void anUploadedReferenceAndAPromptBecomeTwoImagesForOneJobEvenOnADoubleClick() throws Exception {
        try (PlaygroundServer server = PlaygroundServer.start(home, Map.of());
             Browser browser = Browser.open(1280, 1000, ColourScheme.LIGHT)) {
            Page page = new Page(browser, server.base);
            page.open();
            page.browser.screenshot("playground-empty");
            page.chooseReference();
            page.type("field-prompt", "a lighthouse at dusk");
            page.type("field-numSamples", "2");
            page.type("field-width", "256");
            page.type("field-height", "256");
            page.waitForText("price", LOCAL_PRICE);
            assertThat(jobs(server, null)).as("pricing is a dry run: no job").isEmpty();
            page.browser.screenshot("playground-priced");

            new Actions(browser.driver()).doubleClick(page.byId("generate")).perform();
            page.waitForImages(2, 256);
            assertThat(page.text("progress-text")).isEqualTo("Done: 2 images.");
            assertThat(jobs(server, null)).as("a double click makes one job").hasSize(1);
            page.browser.screenshot("playground-result");

            assertThat(page.foreignRequests()).as("only its own origin").isEmpty();
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void aServerOnlyViolationIsShownAtItsFieldAndUseAsReferenceChainsTheAssetAndTheHistoryOutlivesARestart() throws Exception {
        String firstAsset;
        try (PlaygroundServer server = PlaygroundServer.start(home, Map.of());
             Browser browser = Browser.open(1280, 1000, ColourScheme.LIGHT)) {
            Page page = new Page(browser, server.base);
            page.open();
            page.generateOnce("a red door", 1, 128);
            firstAsset = jobs(server, null).get(0).path("images").get(0).path("assetId").asText();
            page.recordGenerations();

            page.click(By.cssSelector("#gallery li button"));  // "Use as reference"
            page.waitForText("reference-info", firstAsset);
            page.click(By.cssSelector("#advanced summary"));
            page.type("field-imageParentId", firstAsset);
            page.click(By.id("generate"));
            page.waitForText("err-imageParentId", "applies only when image is a data URL");
            assertThat(page.byId("field-imageParentId").getAttribute("aria-invalid")).isEqualTo("true");
            page.waitForText("progress-text", "Not generated");
            assertThat(jobs(server, null)).as("a refused request makes no job").hasSize(1);
            page.browser.screenshot("playground-violation");

            page.byId("field-imageParentId").clear();
            page.click(By.id("generate"));
            page.waitFor("a second job", () -> jobsNow(server) == 2);
            page.waitForText("progress-text", "Done: 1 image.");
            assertThat(page.sentImages()).as("the next request names the previous asset").containsExactly(firstAsset, firstAsset);

            browser.driver().navigate().refresh();
            page.waitForHistory(2);
            assertThat(browser.consoleErrors()).as("a 400 is a page state, not a console error")
                    .allMatch(line -> line.contains("/v1/generate/img2img") && line.contains("400"));
        }
        try (PlaygroundServer restarted = PlaygroundServer.start(home, Map.of());
             Browser browser = Browser.open(1280, 1000, ColourScheme.LIGHT)) {
            Page page = new Page(browser, restarted.base);
            page.open();
            page.waitForHistory(2);
            assertThat(browser.driver().findElements(By.cssSelector("#history-list > li"))).hasSize(2);
            page.browser.screenshot("playground-history-after-restart");
        }
    }

    @Test
    void aServerWithATokenIsUsedOnceThePersonGivesItAndNoUrlCarriesIt() throws Exception {
        String token = "playground-test-token-5f1c";
        try (PlaygroundServer server = PlaygroundServer.start(home, Map.of("IMG2IMG_API_TOKEN", token));
             Browser browser = Browser.open(1280, 1000, ColourScheme.LIGHT)) {
            Page page = new Page(browser, server.base);
            browser.driver().get(server.base + "/");
            page.waitFor("the token dialog", () -> page.byId("token-dialog").isDisplayed());
            page.browser.screenshot("playground-token");
            page.byId("token-input").sendKeys(token + org.openqa.selenium.Keys.ENTER);
            page.waitUntilReady();
            page.generateOnce("a blue boat", 1, 128);
            assertThat(jobs(server, token)).hasSize(1);
            assertThat(page.requestUrls()).isNotEmpty().noneMatch(url -> url.contains(token));
        }
    }

    /** The jobs the server's ledger lists (GET /v1/jobs), newest first. */
    static List<JsonNode> jobs(PlaygroundServer server, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base + "/v1/jobs")).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(answer.body()).path("jobs").forEach(out::add);
        return out;
    }

    private static int jobsNow(PlaygroundServer server) {
        try {
            return jobs(server, null).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The playground as the tests drive it: by element ids the page declares. */
    static final class Page {
        final Browser browser;
        final String base;
        final WebDriverWait wait;

        Page(Browser browser, String base) {
            this.browser = browser;
            this.base = base;
            this.wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(60));
        }

        void open() {
            browser.driver().get(base + "/");
            waitUntilReady();
        }

        void waitUntilReady() {
            // the form is built from the schema and the model list once both have arrived
            wait.until(d -> !d.findElements(By.id("field-prompt")).isEmpty()
                    && !d.findElements(By.cssSelector("#field-modelId option")).isEmpty());
        }

        WebElement byId(String id) {
            return browser.driver().findElement(By.id(id));
        }

        String text(String id) {
            return byId(id).getText();
        }

        void chooseReference() {
            byId("reference-file").sendKeys(REFERENCE.toString());
            waitForText("reference-info", "reference.png: 512 × 512 px");
        }

        void type(String id, String value) {
            WebElement input = byId(id);
            input.clear();
            input.sendKeys(value);
        }

        void waitForText(String id, String text) {
            wait.withMessage(() -> "#" + id + " to read “" + text + "”, it reads “" + text(id) + "”")
                    .until(d -> text(id).contains(text));
        }

        /** Waits until the gallery shows {@code count} images, each decoded by the browser at {@code width}. */
        void waitForImages(int count, int width) {
            wait.withMessage(() -> count + " decoded images " + width + " px wide; progress: " + text("progress-text"))
                    .until(d -> Long.valueOf(count).equals(browser.script(
                            "return [...document.querySelectorAll('#gallery img')]"
                                    + ".filter(i => i.complete && i.naturalWidth === arguments[0]).length", width))
                            && Long.valueOf(count).equals(browser.script("return document.querySelectorAll('#gallery img').length")));
        }

        void click(By by) {
            browser.driver().findElement(by).click();
        }

        void waitFor(String what, java.util.function.BooleanSupplier condition) {
            wait.withMessage(() -> what).until(d -> condition.getAsBoolean());
        }

        /** Reference, prompt, samples, a square size; then Generate and wait for the decoded images. */
        void generateOnce(String prompt, int samples, int side) {
            chooseReference();
            type("field-prompt", prompt);
            type("field-numSamples", String.valueOf(samples));
            type("field-width", String.valueOf(side));
            type("field-height", String.valueOf(side));
            waitForText("price", LOCAL_PRICE);
            click(By.id("generate"));
            waitForImages(samples, side);
        }

        /** From now on, keeps the image part of every generation the page sends (not the dry runs). */
        void recordGenerations() {
            browser.script("window.sentImages = []; const original = window.fetch;"
                    + "window.fetch = (url, options) => { if (options?.body instanceof FormData && !String(url).includes('dryRun'))"
                    + " sentImages.push(String(options.body.get('image'))); return original(url, options); };");
        }

        @SuppressWarnings("unchecked")
        List<String> sentImages() {
            return (List<String>) browser.script("return window.sentImages");
        }

        /** Waits until at least {@code jobs} jobs of the history show a decoded thumbnail. */
        void waitForHistory(int jobs) {
            wait.withMessage(() -> jobs + " jobs in the history with thumbnails: " + text("history-list"))
                    .until(d -> jobs <= (Long) browser.script(
                            "return [...document.querySelectorAll('#history-list > li')]"
                                    + ".filter(li => [...li.querySelectorAll('img')].some(i => i.complete && i.naturalWidth > 0)).length"));
        }

        @SuppressWarnings("unchecked")
        List<String> requestUrls() {
            return (List<String>) browser.script("return performance.getEntriesByType('resource').map(e => e.name)");
        }

        /** The page's requests (resource timing) that went anywhere but its server's origin or its own blob: URLs. */
        @SuppressWarnings("unchecked")
        List<String> foreignRequests() {
            List<String> urls = (List<String>) browser.script(
                    "return performance.getEntriesByType('resource').map(e => e.name)");
            return urls.stream().filter(u -> !u.startsWith(base + "/") && !u.startsWith("blob:" + base + "/")).toList();
        }
    }
}
