package io.img2img.bootstrap.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Chromium driven through WebDriver, started from Debian's binaries with their paths given (so
 * Selenium Manager never runs and nothing is downloaded) and only W3C WebDriver calls (nothing tied to one
 * DevTools version). The viewport and the colour scheme are fixed at start; close it to end the browser.
 */
public final class Browser implements AutoCloseable {
    /** Screenshots for review land here (under the module's target/, never in the sources). */
    public static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

    private static final int DESKTOP_MIN_WIDTH = 500;

    public enum ColourScheme {
        LIGHT,
        DARK
    }

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Checks the tools first ({@link BrowserTools#requireAll}): skipped or failed when they are absent. */
    public static Browser open(int width, int height, ColourScheme scheme) {
        return open(width, height, scheme, null);
    }

    /** As {@link #open(int, int, ColourScheme)}, saving downloads into {@code downloads} without asking (when not null). */
    public static Browser open(int width, int height, ColourScheme scheme, Path downloads) {
        BrowserTools.requireAll();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(BrowserTools.CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BrowserTools.CHROMIUM.toFile());
        // as root Chromium needs --no-sandbox; /dev/shm is small in containers
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height,
                // a Blink setting rather than DevTools emulation: 0 is dark, 1 light
                "--blink-settings=preferredColorScheme=" + (scheme == ColourScheme.DARK ? 0 : 1),
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions");
        if (width < DESKTOP_MIN_WIDTH) {
            // a desktop window is never narrower than 500 px: a phone is emulated by chromedriver instead
            options.setExperimentalOption(
                    "mobileEmulation",
                    Map.of("deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", 1)));
        }
        if (downloads != null) {
            options.setExperimentalOption(
                    "prefs",
                    Map.of(
                            "download.default_directory",
                            downloads.toAbsolutePath().toString(),
                            "download.prompt_for_download",
                            false));
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return new Browser(driver);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Runs a script in the page and returns its value (WebDriver's conversions: Long, Double, String, List, Map). */
    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Writes the current viewport as target/browser-screenshots/{name}.png and returns the file. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write screenshot " + name, e);
        }
    }

    /** The console's messages at SEVERE level since the last call (errors, failed loads, CSP refusals). */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
