package io.img2img.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code prometheus} package's programs ({@code prometheus}, {@code promtool}). Without them a test fails
 * when {@code CI} is set and is skipped with a printed reason otherwise.
 */
final class PrometheusTools {
    static final Path DEPLOY = Processes.ROOT.resolve("deploy");

    private PrometheusTools() {}

    static Path require(String program) {
        Optional<Path> found = Stream.concat(
                        Stream.of("/usr/bin", "/usr/local/bin"),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String reason = "no " + program + " for the metrics recipe's tests (install Debian's prometheus; "
                    + ".ci/run does)";
            if (System.getenv("CI") != null) {
                Assertions.fail(reason + "; CI is set, so this test fails instead of being skipped");
            }
            System.err.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        return found.get();
    }

    /** The recipe as deploy/README.md sets it up: the config and rules copied beside the nodes and token files. */
    static Path recipeIn(Path dir, String token, String... targets) throws java.io.IOException {
        Files.copy(DEPLOY.resolve("prometheus.yml"), dir.resolve("prometheus.yml"));
        Files.copy(DEPLOY.resolve("img2img-alerts.yml"), dir.resolve("img2img-alerts.yml"));
        Files.writeString(dir.resolve("img2img-token"), token + "\n");
        Files.writeString(
                dir.resolve("img2img-nodes.yml"),
                "- targets: ["
                        + String.join(
                                ", ",
                                Stream.of(targets).map(t -> "\"" + t + "\"").toList()) + "]\n");
        return dir.resolve("prometheus.yml");
    }
}
