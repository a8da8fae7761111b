package io.img2img.bootstrap.browser;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * The axe-core accessibility scan, injected into the page under test from the pinned npm package
 * ({@link BrowserTools#axeScript()}). WebDriver's script execution is not bound by the page's
 * Content-Security-Policy, so the page needs no exception for it.
 */
public final class Axe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']})
              .then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' '))})))))
              .catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), targets: []}])));
            """;

    /** One rule broken, with the elements that break it. */
    public record Violation(String id, String impact, String help, List<String> targets) {
        public boolean seriousOrCritical() {
            return "serious".equals(impact) || "critical".equals(impact);
        }

        @Override
        public String toString() {
            return impact + " " + id + ": " + help + " " + targets;
        }
    }

    private Axe() {}

    /** Every violation axe finds in the page as it is now. */
    public static List<Violation> scan(Browser browser) {
        try {
            browser.script(Files.readString(BrowserTools.axeScript()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BrowserTools.axeScript(), e);
        }
        String json = (String) browser.driver().executeAsyncScript(RUN);
        try {
            List<Map<String, Object>> raw = JSON.readValue(json, new TypeReference<>() {});
            return raw.stream()
                    .map(v -> new Violation(
                            (String) v.get("id"),
                            (String) v.get("impact"),
                            (String) v.get("help"),
                            castTargets(v.get("targets"))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("axe answered something that is not JSON: " + json, e);
        }
    }

    /** The violations a page may not have (SPEC §11 tests: no serious or critical one). */
    public static List<Violation> seriousOrCritical(Browser browser) {
        return scan(browser).stream().filter(Violation::seriousOrCritical).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> castTargets(Object targets) {
        return (List<String>) targets;
    }
}
