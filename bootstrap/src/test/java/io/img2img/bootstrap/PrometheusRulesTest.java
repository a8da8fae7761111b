package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe in deploy/ (issue #23): its alert rules pass {@code promtool check rules}, fire as their unit tests
 * say ({@code promtool test rules}), and the scrape configuration passes {@code promtool check config} once set up
 * as deploy/README.md says.
 */
class PrometheusRulesTest {
    @TempDir
    Path dir;

    @Test
    void theAlertRulesAreValidAndFireOnTheSeriesThatShouldFireThem() throws Exception {
        Path promtool = PrometheusTools.require("promtool");
        Processes.Outcome check =
                promtool(promtool, "check", "rules", PrometheusTools.DEPLOY.resolve("img2img-alerts.yml"));
        assertThat(check.exitCode()).as((check.stdout() + check.stderr())).isZero();
        assertThat((check.stdout() + check.stderr())).contains("SUCCESS: 5 rules found");
        Processes.Outcome tests =
                promtool(promtool, "test", "rules", PrometheusTools.DEPLOY.resolve("img2img-alerts.test.yml"));
        assertThat(tests.exitCode()).as((tests.stdout() + tests.stderr())).isZero();
        assertThat((tests.stdout() + tests.stderr())).contains("SUCCESS");
    }

    @Test
    void theScrapeConfigurationIsValidSetUpAsTheReadmeSays() throws Exception {
        Path promtool = PrometheusTools.require("promtool");
        Path config = PrometheusTools.recipeIn(dir, "a-token-of-the-nodes-0123456789", "127.0.0.1:8080");
        Processes.Outcome check = promtool(promtool, "check", "config", config);
        assertThat(check.exitCode()).as((check.stdout() + check.stderr())).isZero();
    }

    @Test
    void aBrokenRuleFailsTheCheckSoThePassingOneMeansSomething() throws Exception {
        Path promtool = PrometheusTools.require("promtool");
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, """
                groups:
                  - name: broken
                    rules:
                      - alert: Broken
                        expr: sum(rate(img2img_jobs_ended_total[5m]) >
                """);
        assertThat(promtool(promtool, "check", "rules", broken).exitCode()).isNotZero();
    }

    private static Processes.Outcome promtool(Path promtool, String a, String b, Path file) throws Exception {
        return Processes.run(List.of(promtool.toString(), a, b, file.toString()), java.util.Map.of(), "", 60);
    }
}
