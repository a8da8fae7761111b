package io.img2img.bootstrap.browser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The playground as the tests drive it: by the element ids the page declares. */
final class PlaygroundPage {
    static final Path REFERENCE = BrowserTools.repositoryRoot().resolve("examples/reference.png");
    static final String LOCAL_PRICE = "0 Creative Units — local procedural renderer, not an AI model";

    final Browser browser;
    final String base;
    final WebDriverWait wait;

    PlaygroundPage(Browser browser, String base) {
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
                .until(d -> Long.valueOf(count)
                                .equals(browser.script(
                                        "return [...document.querySelectorAll('#gallery img')]"
                                                + ".filter(i => i.complete && i.naturalWidth === arguments[0]).length",
                                        width))
                        && Long.valueOf(count)
                                .equals(browser.script("return document.querySelectorAll('#gallery img').length")));
    }

    /** Scrolls the element to the middle of the viewport, for a screenshot of it. */
    void show(String id) {
        browser.script("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", id);
    }

    void click(By by) {
        browser.driver().findElement(by).click();
    }

    void waitFor(String what, BooleanSupplier condition) {
        wait.withMessage(() -> what).until(d -> condition.getAsBoolean());
    }

    /** Reference, prompt, samples and a square size, then waits for the price line. */
    void fill(String prompt, int samples, int side) {
        chooseReference();
        type("field-prompt", prompt);
        type("field-numSamples", String.valueOf(samples));
        type("field-width", String.valueOf(side));
        type("field-height", String.valueOf(side));
        waitForText("price", LOCAL_PRICE);
    }

    /** {@link #fill}, then Generate and wait for the decoded images. */
    void generateOnce(String prompt, int samples, int side) {
        fill(prompt, samples, side);
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
                .until(
                        d -> jobs
                                <= (Long)
                                        browser.script(
                                                "return [...document.querySelectorAll('#history-list > li')]"
                                                        + ".filter(li => [...li.querySelectorAll('img')].some(i => i.complete && i.naturalWidth > 0)).length"));
    }

    @SuppressWarnings("unchecked")
    List<String> requestUrls() {
        return (List<String>) browser.script("return performance.getEntriesByType('resource').map(e => e.name)");
    }

    /** The page's requests (resource timing) that went anywhere but its server's origin or its own blob: URLs. */
    List<String> foreignRequests() {
        return requestUrls().stream()
                .filter(u -> !u.startsWith(base + "/") && !u.startsWith("blob:" + base + "/"))
                .toList();
    }
}
