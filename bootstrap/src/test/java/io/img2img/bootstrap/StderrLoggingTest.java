package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
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
    void isTheConfigurationLogbackFindsInThisModule() {
        var root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("STDERR"))
                .as("found through META-INF/services")
                .isNotNull();
    }
}
