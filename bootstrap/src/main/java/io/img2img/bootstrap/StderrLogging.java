package io.img2img.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The logging set-up, in code: every log line to stderr (in stdio MCP mode stdout carries protocol
 * frames and nothing else), INFO for img2img, WARN for the libraries. Logback finds it through
 * {@code META-INF/services}; parsing the same as an XML file took a tenth of a stdio start. A file
 * named by {@code -Dlogback.configurationFile} still replaces it. {@code IMG2IMG_LOG_FORMAT=json} switches the
 * lines to JSON once the settings are read ({@link #use}).
 */
public final class StderrLogging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
    static final List<String> QUIET_LIBRARIES =
            List.of("org.eclipse.jetty", "io.javalin", "io.modelcontextprotocol", "okhttp3");
    static final String APPENDER = "STDERR";
    /** The logger the product's own stderr lines go through in {@code json} ({@link #consoleLines}). */
    static final String CONSOLE_LOGGER = "img2img";

    /** {@code IMG2IMG_LOG_FORMAT}: how each line is written. */
    enum Format {
        /** Readable lines ({@link #PATTERN}). */
        TEXT,
        /** One JSON object per line (Logback's {@link JsonEncoder}). */
        JSON
    }

    /** Whether a {@link #use} switched the appender to JSON (so a later {@code text} switches it back). */
    private static volatile boolean jsonInUse;

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName(APPENDER);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder(context, Format.TEXT));
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

    /**
     * Writes every line from now on in this format. Text is what Logback starts with, so a process that never
     * asked for JSON does not start Logback here (a stdio start stays as short as it was). A configuration file
     * of the operator's ({@code -Dlogback.configurationFile}) has no {@value #APPENDER} appender and is left as it is.
     */
    static void use(Format format) {
        if (format == Format.TEXT && !jsonInUse) {
            return;
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Appender<ILoggingEvent> appender =
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
        if (appender instanceof ConsoleAppender<ILoggingEvent> stderr) {
            stderr.setEncoder(encoder(context, format)); // running: a stop would drop the lines logged meanwhile
            jsonInUse = format == Format.JSON;
        }
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format) {
        Encoder<ILoggingEvent> encoder;
        if (format == Format.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithMessage(false); // the message as written ({0}, {}) ...
            json.setWithArguments(false);
            json.setWithFormattedMessage(true); // ... and its arguments: only the message as read
            encoder = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(PATTERN);
            encoder = text;
        }
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    /**
     * The product's own stderr lines (the backend, the address it listens on, a stop): as they are in {@code text};
     * in {@code json} each line becomes an INFO event of {@value #CONSOLE_LOGGER}, so every line on stderr is JSON.
     */
    static PrintStream consoleLines(PrintStream stderr, Format format) {
        if (format == Format.TEXT) {
            return stderr;
        }
        org.slf4j.Logger console = LoggerFactory.getLogger(CONSOLE_LOGGER);
        return new PrintStream(new LineSink(console::info), true, StandardCharsets.UTF_8);
    }

    /** Bytes cut into lines (UTF-8, without their end), each handed on whole. */
    private static final class LineSink extends OutputStream {
        private final Consumer<String> lines;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSink(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
            } else {
                line.write(b);
            }
        }
    }
}
