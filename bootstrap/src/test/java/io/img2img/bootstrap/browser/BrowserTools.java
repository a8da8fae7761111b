package io.img2img.bootstrap.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the browser tests find their tools, and what happens when one is absent. Nothing is downloaded at
 * test time: Debian's {@code chromium} and {@code chromium-driver} (installed by {@code
 * .ci/install-browser-tools}, which {@code .ci/run} calls) and axe-core pinned in {@code
 * .ci/browser/package.json}, installed by the same script into {@code .ci/browser/node_modules} (outside
 * {@code target/}, so {@code mvn clean} keeps it).
 * <p>
 * Absent tools fail the test when the environment variable {@code CI} is set (CI must never pass by
 * skipping), and skip it with a printed reason otherwise (a developer without a browser still builds).
 */
public final class BrowserTools {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final String INSTALL = "bash .ci/install-browser-tools";

    private BrowserTools() {}

    /** The repository's root: failsafe passes it; surefire runs in the module folder. */
    public static Path repositoryRoot() {
        String root = System.getProperty("img2img.root");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }

    public static Path axeScript() {
        return repositoryRoot().resolve(".ci/browser/node_modules/axe-core/axe.min.js");
    }

    /** Skips (or, under CI, fails) the calling test unless chromium, chromedriver and axe-core are all present. */
    public static void requireAll() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (Debian package chromium)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add(CHROMEDRIVER + " (Debian package chromium-driver)");
        }
        if (!Files.isRegularFile(axeScript())) {
            missing.add(axeScript() + " (npm package axe-core, pinned in .ci/browser/package.json)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String reason = "browser test tools missing: " + String.join(", ", missing) + "; install them with " + INSTALL;
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            Assertions.fail(reason + " (CI is set: browser tests may not be skipped)");
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }
}
