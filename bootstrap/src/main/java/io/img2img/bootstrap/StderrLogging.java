package io.img2img.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;

/**
 * The logging set-up, in code: every log line to stderr (in stdio MCP mode stdout carries protocol
 * frames and nothing else), INFO for img2img, WARN for the libraries. Logback finds it through
 * {@code META-INF/services}; parsing the same as an XML file took a tenth of a stdio start. A file
 * named by {@code -Dlogback.configurationFile} still replaces it.
 */
public final class StderrLogging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
    static final List<String> QUIET_LIBRARIES =
            List.of("org.eclipse.jetty", "io.javalin", "io.modelcontextprotocol", "okhttp3");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        QUIET_LIBRARIES.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        // a ledger Flyway cannot migrate reaches the caller as ledger-unavailable, named once; Flyway's own
        // ERROR lines would repeat it with stack traces (SPEC: never a stack trace)
        context.getLogger("org.flywaydb").setLevel(Level.OFF);
        // likewise a driver that cannot unpack its native library: the ledger names the folder it needs
        context.getLogger("org.sqlite.SQLiteJDBCLoader").setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
