package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.domain.result.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's table of codes is the catalogue, and no production source spells a code outside it. */
class ErrorCodeTableTest {

    /** Run with -Dimg2img.writeReadme=true to rewrite the README's table from the catalogue. */
    @Test
    void theReadmesTableOfCodesIsTheCatalogue() throws Exception {
        Path readme = ConfigurationTableTest.readme();
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(ErrorCodeTable.BEGIN);
        int end = text.indexOf(ErrorCodeTable.END);
        assertThat(begin)
                .as("the README marks its table of codes with " + ErrorCodeTable.BEGIN)
                .isNotNegative();
        assertThat(end)
                .as("the README ends its table of codes with " + ErrorCodeTable.END)
                .isGreaterThan(begin);
        String inReadme =
                text.substring(begin + ErrorCodeTable.BEGIN.length(), end).strip();
        String rendered = ErrorCodeTable.markdown().strip();
        if (Boolean.getBoolean("img2img.writeReadme") && !inReadme.equals(rendered)) {
            Files.writeString(
                    readme,
                    text.substring(0, begin + ErrorCodeTable.BEGIN.length()) + "\n" + rendered + "\n"
                            + text.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(inReadme)
                .as("README.md's table of codes (regenerate with -Dimg2img.writeReadme=true)")
                .isEqualTo(rendered);
    }

    /** Each code is declared once: a quoted code in any production source but the catalogue is a second declaration. */
    @Test
    void noProductionSourceSpellsAnErrorCodeOutsideTheCatalogue() throws IOException {
        Path root = ConfigurationTableTest.readme().getParent();
        Path catalogue = root.resolve("domain/src/main/java/io/img2img/domain/result/ErrorCode.java");
        List<String> found = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(p ->
                            p.toString().contains("/src/main/") && !p.toString().contains("/target/"))
                    .filter(p -> p.toString().endsWith(".java")
                            || p.toString().endsWith(".js")
                            || p.toString().endsWith(".html")
                            || p.toString().endsWith(".sql"))
                    .filter(p -> !p.equals(catalogue))
                    .toList();
        }
        assertThat(sources).as("production sources found").hasSizeGreaterThan(100);
        for (Path source : sources) {
            String text = Files.readString(source, StandardCharsets.UTF_8);
            for (ErrorCode code : ErrorCode.values()) {
                for (String quoted : List.of("\"" + code.wireName() + "\"", "'" + code.wireName() + "'")) {
                    if (text.contains(quoted)) {
                        found.add(root.relativize(source) + ": " + quoted);
                    }
                }
            }
        }
        assertThat(found).as("error codes spelled outside ErrorCode").isEmpty();
    }
}
