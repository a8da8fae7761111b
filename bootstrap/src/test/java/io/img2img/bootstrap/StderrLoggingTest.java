package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StderrLoggingTest {

    @Test
    void everythingGoesToStderrWithLibrariesAtWarn() {
        LoggerContext context = new LoggerContext();
        StderrLogging logging = new StderrLogging();
        logging.setContext(context);
        assertThat(logging.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDERR"))
                .isInstanceOfSatisfying(
                        ConsoleAppender.class, a -> assertThat(a.getTarget()).isEqualTo("System.err"));
        assertThat(context.getLogger("org.eclipse.jetty.server").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.img2img.adapter.mcp").getEffectiveLevel())
                .isEqualTo(Level.INFO);
    }

    @Test
    void jsonWritesOneObjectPerLineWithTheJobAndNodeIdsThenTextAgain() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        MdcLogContext log = new MdcLogContext();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            StderrLogging.use(StderrLogging.Format.JSON);
            log.node("holder_test");
            try (var scope = log.job("job_json")) {
                System.getLogger("io.img2img.application.job.JobRunner")
                        .log(System.Logger.Level.INFO, "job {0} ended: {1}", "job_json", "success");
            }
            // outside the scope nothing carries the job
            System.getLogger("io.img2img.application.job.LedgerKeeper")
                    .log(System.Logger.Level.WARNING, "the job ledger could not be kept: \"quoted\"\nsecond line");
            StderrLogging.consoleLines(System.err, StderrLogging.Format.JSON).println("img2img: listening on x");
            StderrLogging.use(StderrLogging.Format.TEXT);
            System.getLogger("io.img2img.application.job.JobRunner").log(System.Logger.Level.INFO, "as text");
        } finally {
            System.setErr(err);
            StderrLogging.use(StderrLogging.Format.TEXT);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(4);
        ObjectMapper json = new ObjectMapper();
        JsonNode ended = json.readTree(lines.get(0));
        assertThat(ended.get("level").asText()).isEqualTo("INFO");
        assertThat(ended.get("loggerName").asText()).isEqualTo("io.img2img.application.job.JobRunner");
        assertThat(ended.get("formattedMessage").asText()).isEqualTo("job job_json ended: success");
        assertThat(ended.at("/mdc/jobId").asText()).isEqualTo("job_json");
        assertThat(ended.at("/context/properties/nodeId").asText()).isEqualTo("holder_test");
        assertThat(ended.get("timestamp").isNumber()).isTrue();
        JsonNode kept = json.readTree(lines.get(1));
        assertThat(kept.get("level").asText()).isEqualTo("WARN");
        assertThat(kept.get("formattedMessage").asText()).endsWith("\"quoted\"\nsecond line");
        assertThat(kept.at("/mdc/jobId").isMissingNode()).isTrue();
        JsonNode console = json.readTree(lines.get(2));
        assertThat(console.get("loggerName").asText()).isEqualTo(StderrLogging.CONSOLE_LOGGER);
        assertThat(console.get("formattedMessage").asText()).isEqualTo("img2img: listening on x");
        assertThat(lines.get(3)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\S*JobRunner - as text");
    }

    @Test
    void isTheConfigurationLogbackFindsInThisModule() {
        var root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("STDERR"))
                .as("found through META-INF/services")
                .isNotNull();
    }
}
