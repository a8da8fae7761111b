package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's commands, as a user runs them. */
class FatJarIT {
    @TempDir
    Path out;

    @Test
    void versionAndHelp() throws Exception {
        Processes.Outcome version = Processes.run(Processes.java("--version"), Map.of(), "", 60);
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout().trim()).matches("img2img \\d+\\.\\d+\\.\\d+.*");

        Processes.Outcome help = Processes.run(Processes.java("--help"), Map.of(), "", 60);
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout())
                .contains(
                        "img2img mcp",
                        "img2img serve",
                        "--backend / IMG2IMG_BACKEND",
                        "SCENARIO_API_SECRET (environment only)",
                        "IMG2IMG_MAX_CREATIVE_UNITS");
    }

    @Test
    void aBadConfigurationValueStopsTheStartNamingIt() throws Exception {
        Processes.Outcome port = Processes.run(
                Processes.java("serve"),
                Map.of("IMG2IMG_PORT", "eighty", "IMG2IMG_OUTPUT_DIR", out.toString()),
                "",
                60);
        assertThat(port.exitCode()).isNotZero();
        assertThat(port.stderr()).contains("IMG2IMG_PORT / --port must be a whole number");
        assertThat(port.stdout()).isEmpty();

        Processes.Outcome wait = Processes.run(
                Processes.java("mcp", "--wait-seconds", "-5"), Map.of("IMG2IMG_OUTPUT_DIR", out.toString()), "", 60);
        assertThat(wait.exitCode()).isNotZero();
        assertThat(wait.stderr()).contains("--wait-seconds");
        assertThat(wait.stdout()).as("stdout belongs to MCP frames").isEmpty();
    }

    @Test
    void scenarioWithoutCredentialsIsNeverASilentFallback() throws Exception {
        Processes.Outcome o = Processes.run(
                Processes.java("mcp"),
                Map.of("IMG2IMG_BACKEND", "scenario", "IMG2IMG_OUTPUT_DIR", out.toString()),
                "",
                60);
        assertThat(o.exitCode()).isNotZero();
        assertThat(o.stderr()).contains("SCENARIO_API_KEY and SCENARIO_API_SECRET");
        Processes.Outcome half = Processes.run(
                Processes.java("mcp"),
                Map.of("SCENARIO_API_KEY", "k-1234567", "IMG2IMG_OUTPUT_DIR", out.toString()),
                "",
                60);
        assertThat(half.exitCode()).isNotZero();
        assertThat(half.stderr())
                .contains("only one of SCENARIO_API_KEY and SCENARIO_API_SECRET")
                .doesNotContain("k-1234567");
    }

    @Test
    void aNonLoopbackHostNeedsAToken() throws Exception {
        Processes.Outcome o = Processes.run(
                Processes.java("serve", "--host", "0.0.0.0", "--port", "0"),
                Map.of("IMG2IMG_OUTPUT_DIR", out.toString()),
                "",
                60);
        assertThat(o.exitCode()).isNotZero();
        assertThat(o.stderr()).contains("not a loopback address").contains("IMG2IMG_API_TOKEN");
    }

    @Test
    void anUnusableTemporaryFolderStopsTheStartNamingIt() throws Exception {
        Path notAFolder = java.nio.file.Files.writeString(out.resolve("not-a-folder"), "a regular file");
        java.util.List<String> command = new java.util.ArrayList<>(Processes.java("serve", "--port", "0"));
        command.add(1, "-Djava.io.tmpdir=" + notAFolder);
        Processes.Outcome o = Processes.run(command, Map.of("IMG2IMG_OUTPUT_DIR", out.toString()), "", 60);
        assertThat(o.exitCode()).isNotZero();
        assertThat(o.stderr())
                .contains("java.io.tmpdir must be a writable folder", notAFolder.toString())
                .doesNotContain("Guice", "\tat ");
    }
}
