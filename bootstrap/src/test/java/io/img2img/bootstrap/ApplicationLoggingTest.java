package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The application logs through System.Logger (plain Java); the bridge sends it to the same stderr set-up. */
class ApplicationLoggingTest {

    @Test
    void aSystemLoggerLineReachesStderrInTheLogbackFormatAndNeverStdout() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            System.getLogger("io.img2img.application.usecase.GenerateImageService")
                    .log(System.Logger.Level.WARNING, "job {0} on {1}", "job_bridge", "local");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String stderr = capturedErr.toString(StandardCharsets.UTF_8);
        // StderrLogging.PATTERN: "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n"
        assertThat(stderr)
                .containsPattern(
                        "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\S*GenerateImageService - job job_bridge on local$");
        assertThat(capturedOut.toString(StandardCharsets.UTF_8)).doesNotContain("job_bridge");
    }
}
