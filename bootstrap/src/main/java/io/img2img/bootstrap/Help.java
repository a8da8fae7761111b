package io.img2img.bootstrap;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The --help text, built from the settings catalogue ({@link Option}) so it cannot forget or misstate one. */
final class Help {
    private Help() {}

    static String text(String version) {
        String options = Arrays.stream(Option.values()).map(Help::line).collect(Collectors.joining());
        return "img2img " + version + " - one reference image and a prompt in, new images out\n\n"
                + "Usage:\n"
                + "  img2img mcp   [options]   MCP server over stdio (for Claude Desktop, Claude Code, Cursor, ...)\n"
                + "  img2img serve [options]   HTTP server: REST /v1/generate/img2img and MCP at /mcp\n"
                + "  img2img prune [options]   remove finished jobs past IMG2IMG_RETENTION_DAYS from the job ledger now\n"
                + "  img2img --help | --version\n\n"
                + "Options (each also an environment variable; flags win):\n" + options + "\n"
                + "Backends: 'local' renders offline with a procedural renderer (not an AI model, costs nothing);\n"
                + "'scenario' calls Scenario's cloud API and spends Creative Units.\n";
    }

    /** One setting: its names, its help, its rule and its default, as plain text. */
    static String line(Option o) {
        String names = o.secret ? o.variable + " (environment only)" : o.flag() + " / " + o.variable;
        String rule = o.shownRule();
        String text = o.spec.help()
                + (rule.isEmpty() ? "" : "; " + rule)
                + (o.secret ? "" : " (default " + o.spec.shownDefault() + ")");
        String shown = text.replace("`", "").replace("—", "none");
        // a long name gets a line of its own, so every help text starts in the same column
        return names.length() > 34
                ? String.format("  %s%n  %-34s %s%n", names, "", shown)
                : String.format("  %-34s %s%n", names, shown);
    }
}
