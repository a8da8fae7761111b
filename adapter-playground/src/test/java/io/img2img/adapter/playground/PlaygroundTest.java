package io.img2img.adapter.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlaygroundTest {
    private static final Path FOLDER = Path.of("src/main/resources/playground");
    private static final Pattern HTML_REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
    private static final Pattern JS_IMPORT = Pattern.compile("(?m)^import .* from '([^']+)';$");

    private final Playground playground = Playground.load();

    @Test
    void servesThePageAtTheRootAndEveryFileBelowThePrefix() throws IOException {
        assertThat(text("/")).isEqualTo(Files.readString(FOLDER.resolve("index.html")));
        List<String> expected = new ArrayList<>(List.of("/"));
        filesOnDisk().forEach(name -> expected.add(Playground.PREFIX + name));
        assertThat(playground.urlPaths())
                .as("every file of the folder is served, and nothing else")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(playground.find("/playground/../pom.xml")).isEmpty();
        assertThat(playground.find("/playground/")).isEmpty();
    }

    @Test
    void contentTypesFollowTheExtension() {
        assertThat(playground.find("/").orElseThrow().contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(playground.find("/playground/playground.css").orElseThrow().contentType())
                .isEqualTo("text/css; charset=utf-8");
        assertThat(playground.find("/playground/js/app.js").orElseThrow().contentType())
                .as("module scripts need a JavaScript MIME type")
                .isEqualTo("text/javascript; charset=utf-8");
        assertThatThrownBy(() -> Playground.contentType("logo.svg")).hasMessageContaining("logo.svg");
    }

    @Test
    void everyReferenceOfThePageAndEveryModuleImportIsServed() {
        List<String> references = new ArrayList<>();
        Matcher html = HTML_REFERENCE.matcher(text("/"));
        while (html.find()) {
            references.add(html.group(1));
        }
        assertThat(references)
                .as("the page loads its stylesheet and its entry module")
                .contains("/playground/playground.css", "/playground/js/app.js");
        for (String reference : references) {
            if (!reference.startsWith("#") && !reference.startsWith("data:")) {
                assertThat(playground.find(reference)).as(reference).isPresent();
            }
        }
        for (String path :
                playground.urlPaths().stream().filter(p -> p.endsWith(".js")).toList()) {
            Matcher imports = JS_IMPORT.matcher(text(path));
            int count = 0;
            while (imports.find()) {
                String target = Path.of(path)
                        .resolveSibling(imports.group(1))
                        .normalize()
                        .toString();
                assertThat(playground.find(target))
                        .as(path + " imports " + target)
                        .isPresent();
                count++;
            }
            if (path.endsWith("app.js")) {
                assertThat(count).as("the entry module imports the others").isGreaterThanOrEqualTo(7);
            }
        }
    }

    @Test
    void headersForbidFramingInlineCodeAndOtherOrigins() {
        String csp = Playground.SECURITY_HEADERS.get("Content-Security-Policy");
        assertThat(csp)
                .contains(
                        "default-src 'none'",
                        "script-src 'self'",
                        "style-src 'self'",
                        "connect-src 'self'",
                        "img-src 'self' blob: data:",
                        "frame-ancestors 'none'",
                        "base-uri 'none'",
                        "form-action 'self'");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "*", "http:", "https:");
        assertThat(Playground.SECURITY_HEADERS)
                .containsEntry("X-Frame-Options", "DENY")
                .containsEntry("X-Content-Type-Options", "nosniff");
    }

    @Test
    void thePageNeedsNothingTheContentSecurityPolicyRefuses() {
        String page = text("/");
        assertThat(page).as("no inline script").doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
        assertThat(page).as("no inline style").doesNotContain("<style", " style=");
        assertThat(page).as("no inline event handler").doesNotContainPattern("\\son[a-z]+=");
        for (String path : playground.urlPaths()) {
            assertThat(text(path))
                    .as(path + " loads nothing from another origin")
                    .doesNotContain("http://", "https://", "//cdn");
            if (path.endsWith(".js")) {
                assertThat(text(path))
                        .as(path)
                        .doesNotContain(
                                "innerHTML",
                                "eval(",
                                "new Function",
                                "new EventSource",
                                "document.cookie",
                                "localStorage");
            }
        }
    }

    private String text(String urlPath) {
        return new String(playground.find(urlPath).orElseThrow().body(), StandardCharsets.UTF_8);
    }

    private static List<String> filesOnDisk() throws IOException {
        try (Stream<Path> walk = Files.walk(FOLDER)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> FOLDER.relativize(p).toString().replace('\\', '/'))
                    .toList();
        }
    }
}
