package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table and {@code --help} are the settings catalogue, not a copy of it. */
class ConfigurationTableTest {

    static Path readme() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !(Files.exists(here.resolve("README.md")) && Files.exists(here.resolve("bootstrap")))) {
            here = here.getParent();
        }
        return here.resolve("README.md");
    }

    /** Run with -Dimg2img.writeReadme=true to rewrite the README's table from the catalogue. */
    @Test
    void theReadmesConfigurationTableIsTheCatalogue() throws Exception {
        Path readme = readme();
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(ConfigurationTable.BEGIN);
        int end = text.indexOf(ConfigurationTable.END);
        assertThat(begin)
                .as("the README marks its settings table with " + ConfigurationTable.BEGIN)
                .isNotNegative();
        assertThat(end)
                .as("the README ends its settings table with " + ConfigurationTable.END)
                .isGreaterThan(begin);
        String inReadme =
                text.substring(begin + ConfigurationTable.BEGIN.length(), end).strip();
        String rendered = ConfigurationTable.markdown().strip();
        if (Boolean.getBoolean("img2img.writeReadme") && !inReadme.equals(rendered)) {
            Files.writeString(
                    readme,
                    text.substring(0, begin + ConfigurationTable.BEGIN.length()) + "\n" + rendered + "\n"
                            + text.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(inReadme)
                .as("README.md's settings table (regenerate with -Dimg2img.writeReadme=true)")
                .isEqualTo(rendered);
    }

    @Test
    void everySettingIsInTheHelpWithItsBoundsAndDefault() {
        String help = Help.text("test");
        for (Option o : Option.values()) {
            assertThat(help).contains(o.variable);
            if (o.spec.kind() == Option.Kind.WHOLE) {
                assertThat(Help.line(o))
                        .contains(o.spec.min() + "–" + o.spec.max())
                        .contains("(default " + o.spec.defaultValue() + ")");
            }
        }
        assertThat(Help.line(Option.LEASE_SECONDS))
                .contains("--lease-seconds / IMG2IMG_LEASE_SECONDS")
                .contains("2–300 s (default 30)");
    }

    @Test
    void noHelpTextRetypesADefaultOrABound() {
        for (Option o : Option.values()) {
            assertThat(o.spec.help()).as(o.variable + "'s help").doesNotContain("default");
            if (o.spec.kind() == Option.Kind.WHOLE) {
                assertThat(o.spec.help())
                        .as(o.variable + "'s help")
                        .doesNotContain(o.spec.min() + "-" + o.spec.max())
                        .doesNotContain(o.spec.min() + "–" + o.spec.max());
            }
        }
    }

    @Test
    void aValueOutsideItsBoundsIsRefusedNamingTheSettingAndTheCataloguesBounds() {
        for (Option o : Option.values()) {
            if (o.spec.kind() != Option.Kind.WHOLE) {
                continue;
            }
            java.util.Map<Option, String> tooBig = java.util.Map.of(o, Long.toString(o.spec.max() + 1));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> o.whole(tooBig))
                    .hasMessage(o.variable + " / " + o.flag() + " must be a whole number within [" + o.spec.min() + ", "
                            + o.spec.max() + "]; got \"" + (o.spec.max() + 1) + "\"");
        }
    }
}
