package io.img2img.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.domain.request.Violation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's library example runs, finds what it says, and the README shows exactly its code. */
class LibraryExampleTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SOURCE = ROOT.resolve("examples/src/main/java/io/img2img/examples/LibraryExample.java");

    @Test
    void theExampleRunsOnTheReferenceImage() throws Exception {
        LibraryExample.Outcome outcome = LibraryExample.run(ROOT.resolve("examples/reference.png"));
        assertThat(outcome.good()).isEmpty();
        assertThat(outcome.bad()).extracting(Violation::field).contains("prompt", "width");
        assertThat(((Map<?, ?>) outcome.schema().get("properties")).keySet())
                .map(String::valueOf)
                .contains("modelId", "prompt", "image", "width");
    }

    @Test
    void theExamplePrintsWhatItFoundToTheStreamItIsGiven() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        LibraryExample.print(
                LibraryExample.run(ROOT.resolve("examples/reference.png")),
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertThat(buffer.toString(StandardCharsets.UTF_8).lines())
                .startsWith("violations: []")
                .anySatisfy(line -> assertThat(line).startsWith("refused: ").contains("prompt"))
                .anySatisfy(line -> assertThat(line).startsWith("refused: ").contains("width"))
                .last()
                .satisfies(
                        line -> assertThat(line).startsWith("schema fields: [").contains("modelId", "prompt"));
    }

    @Test
    void theReadmeShowsTheExamplesCodeAsItIs() throws Exception {
        String source = Files.readString(SOURCE);
        String marked = source.substring(
                source.indexOf("// README:begin\n") + "// README:begin\n".length(),
                source.indexOf("        // README:end"));
        String code = marked.lines()
                .map(line -> line.startsWith("        ") ? line.substring(8) : line)
                .reduce("", (a, b) -> a + b + "\n");
        String readme = Files.readString(ROOT.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Using the domain and application as a library"));
        int start = section.indexOf("```java\n") + "```java\n".length();
        String shown = section.substring(start, section.indexOf("```", start));
        assertThat(shown)
                .as("the README's library snippet is LibraryExample's marked code")
                .isEqualTo(code);
    }
}
