package io.img2img.bootstrap;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The README's configuration table, rendered from the settings catalogue ({@link Option}); a test compares it
 * with the README between its markers, so the README cannot drift from what the code accepts.
 */
final class ConfigurationTable {
    static final String BEGIN =
            "<!-- settings table: generated from bootstrap Option, checked by ConfigurationTableTest -->";
    static final String END = "<!-- end of settings table -->";

    private ConfigurationTable() {}

    static String markdown() {
        return "| variable | flag | default | allowed | meaning |\n|---|---|---|---|---|\n"
                + Arrays.stream(Option.values()).map(ConfigurationTable::row).collect(Collectors.joining());
    }

    private static String row(Option o) {
        String rule = o.shownRule();
        return "| `" + o.variable + "` | " + (o.secret ? "(environment only)" : "`" + o.flag() + "`") + " | "
                + o.spec.shownDefault() + " | " + (rule.isEmpty() ? "—" : rule) + " | " + o.spec.help() + " |\n";
    }
}
