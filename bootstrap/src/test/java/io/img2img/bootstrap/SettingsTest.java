package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.img2img.domain.result.Backend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings parse(Map<String, String> env, String... flags) throws ConfigurationException {
        return Settings.parse("serve", List.of(flags), env);
    }

    @Test
    void defaultsFollowTheSpec() throws Exception {
        Settings s = parse(Map.of());
        assertThat(s.backend()).isEqualTo(Backend.LOCAL);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.mcpWait()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.maxConcurrentJobs()).isEqualTo(8);
        assertThat(s.maxCreativeUnits()).isNull();
        assertThat(s.maxBodyBytes()).isEqualTo(33_554_432L);
        assertThat(s.inlineBytes()).isEqualTo(700_000L);
        assertThat(s.scenarioApiUrl()).hasToString("https://api.cloud.scenario.com/v1");
        assertThat(s.outputDir().toString()).endsWith(".img2img/outputs");
        assertThat(s.databaseUrl()).isEqualTo("jdbc:sqlite:~/.img2img/img2img.db");
        assertThat(s.leaseSeconds()).isEqualTo(30);
        assertThat(s.retentionDays()).isEqualTo(30);
        assertThat(s.maxQueuedJobs()).isEqualTo(64);
        assertThat(s.httpSettings().maxEventStreams()).isEqualTo(256);
        assertThat(s.httpSettings().eventHeartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.mcpSettings().sessions().maxSessions()).isEqualTo(256);
        assertThat(s.mcpSettings().sessions().idle()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.mcpSettings().sessions().maxInitializeBytes()).isEqualTo(64 * 1024);
    }

    @Test
    void theMcpSessionBoundsAreSettings() throws Exception {
        Settings s = parse(Map.of("IMG2IMG_MAX_MCP_SESSIONS", "12", "IMG2IMG_MCP_SESSION_IDLE_MINUTES", "5"));
        assertThat(s.mcpSettings().sessions().maxSessions()).isEqualTo(12);
        assertThat(s.mcpSettings().sessions().idle()).isEqualTo(Duration.ofMinutes(5));
        assertThat(parse(Map.of(), "--max-mcp-sessions", "1", "--mcp-session-idle-minutes", "1")
                        .mcpSettings()
                        .sessions())
                .extracting(b -> b.maxSessions(), b -> b.idle())
                .containsExactly(1, Duration.ofMinutes(1));
        assertThatThrownBy(() -> parse(Map.of(), "--max-mcp-sessions", "0"))
                .hasMessageContaining("IMG2IMG_MAX_MCP_SESSIONS");
        assertThatThrownBy(() -> parse(Map.of(), "--mcp-session-idle-minutes", "0"))
                .hasMessageContaining("IMG2IMG_MCP_SESSION_IDLE_MINUTES");
    }

    @Test
    void clientLimitsAreSettingsWithDefaults() throws Exception {
        io.img2img.adapter.http.ClientLimits limits =
                parse(Map.of()).httpSettings().limits();
        assertThat(limits).isEqualTo(io.img2img.adapter.http.ClientLimits.DEFAULTS);
        assertThat(limits.readTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(limits.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.maxConnectionsPerAddress()).isEqualTo(128);
        assertThat(limits.maxEventStreamsPerClient()).isEqualTo(32);
        assertThat(parse(Map.of()).ledgerPolicy().maxQueuedJobsPerClient()).isEqualTo(16);
        Settings s = parse(
                Map.of("IMG2IMG_READ_TIMEOUT_SECONDS", "5", "IMG2IMG_MAX_CONNECTIONS", "100"),
                "--header-timeout-seconds",
                "3",
                "--min-request-bytes-per-second",
                "0",
                "--max-connections-per-address",
                "7",
                "--max-event-streams-per-client",
                "4",
                "--max-queued-jobs-per-client",
                "2");
        assertThat(s.httpSettings().limits())
                .isEqualTo(new io.img2img.adapter.http.ClientLimits(
                        Duration.ofSeconds(5), Duration.ofSeconds(3), 0, 100, 7, 4));
        assertThat(s.ledgerPolicy().maxQueuedJobsPerClient()).isEqualTo(2);
        assertThatThrownBy(() -> parse(Map.of(), "--read-timeout-seconds", "0"))
                .hasMessageContaining("IMG2IMG_READ_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> parse(Map.of(), "--max-queued-jobs-per-client", "0"))
                .hasMessageContaining("IMG2IMG_MAX_QUEUED_JOBS_PER_CLIENT");
    }

    /** Security review 2026-12-07, finding 11: the start refuses what would leak or leave the server open. */
    @Test
    void weakOrLeakingSettingsAreRefusedAtStartWithoutPrintingSecrets() {
        assertThatThrownBy(() -> parse(Map.of("SCENARIO_API_URL", "https://user:p4ssw0rd@api.example/v1")))
                .hasMessageContaining("SCENARIO_API_URL")
                .hasMessageContaining("user info")
                .hasMessageContaining("https://***@api.example/v1")
                .hasMessageNotContaining("p4ssw0rd")
                .hasMessageNotContaining("user:");
        assertThatThrownBy(() -> parse(Map.of(), "--scenario-api-url", "http://k3y@127.0.0.1:9/v1"))
                .hasMessageNotContaining("k3y");
        assertThatThrownBy(() -> parse(Map.of("SCENARIO_API_URL", "http://us er:s3cr3t@h/v1")))
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> parse(Map.of("IMG2IMG_API_TOKEN", "short-t0ken")))
                .hasMessageContaining("IMG2IMG_API_TOKEN")
                .hasMessageContaining("16")
                .hasMessageNotContaining("short-t0ken");
        assertThatThrownBy(() -> parse(Map.of("IMG2IMG_API_TOKEN", "a"))).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> parse(Map.of("IMG2IMG_PUBLIC_URL", "https://img.example.org")))
                .hasMessageContaining("IMG2IMG_PUBLIC_URL")
                .hasMessageContaining("IMG2IMG_API_TOKEN");
        assertThatThrownBy(() -> parse(Map.of("IMG2IMG_PUBLIC_URL", "http://127.attacker.example:8080")))
                .hasMessageContaining("IMG2IMG_API_TOKEN");
    }

    @Test
    void theWebhookSecretComesFromTheEnvironmentOnlyAndABadOneStopsTheStartUnprinted() throws Exception {
        Settings none = parse(Map.of());
        assertThat(none.webhookSecret()).isNull();
        assertThat(none.webhookAllowedHosts()).isEmpty();
        Settings set = parse(Map.of(
                "IMG2IMG_WEBHOOK_SECRET",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "IMG2IMG_WEBHOOK_ALLOWED_HOSTS",
                " LocalHost , 127.0.0.1,"));
        assertThat(set.webhookSecret()).isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(set.webhookAllowedHosts()).containsExactlyInAnyOrder("localhost", "127.0.0.1");
        assertThat(set.toString()).doesNotContain("MfKQ9r8");
        assertThatThrownBy(() -> parse(Map.of(), "--webhook-secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageNotContaining("MfKQ9r8");
        assertThatThrownBy(() -> parse(Map.of("IMG2IMG_WEBHOOK_SECRET", "hunter2-not-whsec")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("IMG2IMG_WEBHOOK_SECRET")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aLongTokenAndALoopbackOrTokenedPublicUrlStart() throws Exception {
        assertThat(parse(Map.of("IMG2IMG_API_TOKEN", "0123456789abcdef")).apiToken())
                .hasSize(16);
        assertThat(parse(Map.of("IMG2IMG_PUBLIC_URL", "http://localhost:9000/")).publicUrl())
                .isEqualTo("http://localhost:9000");
        assertThat(parse(Map.of("IMG2IMG_PUBLIC_URL", "http://[::1]:9000")).publicUrl())
                .isEqualTo("http://[::1]:9000");
        assertThat(parse(Map.of(
                                "IMG2IMG_PUBLIC_URL",
                                "https://img.example.org",
                                "IMG2IMG_API_TOKEN",
                                "0123456789abcdef"))
                        .publicUrl())
                .isEqualTo("https://img.example.org");
    }

    @Test
    void theEventStreamCapIsASettingOfItsOwn() throws Exception {
        assertThat(parse(Map.of("IMG2IMG_MAX_EVENT_STREAMS", "12"))
                        .httpSettings()
                        .maxEventStreams())
                .isEqualTo(12);
        assertThat(parse(Map.of(), "--max-event-streams", "1").httpSettings().maxEventStreams())
                .isEqualTo(1);
        assertThatThrownBy(() -> parse(Map.of(), "--max-event-streams", "0"))
                .hasMessageContaining("IMG2IMG_MAX_EVENT_STREAMS");
    }

    @Test
    void theLedgerSettingsAreCheckedAndALeadingTildeIsTheHome() throws Exception {
        String home = System.getProperty("user.home");
        Settings s = parse(
                Map.of("IMG2IMG_OUTPUT_DIR", "~/pictures/img2img", "IMG2IMG_LEASE_SECONDS", "2"),
                "--retention-days",
                "7",
                "--max-queued-jobs",
                "3",
                "--database-url",
                "jdbc:sqlite:~/x/ledger.db");
        assertThat(s.outputDir()).isEqualTo(java.nio.file.Path.of(home, "pictures", "img2img"));
        assertThat(s.ledgerPolicy().lease()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.ledgerPolicy().retentionDays()).isEqualTo(7);
        assertThat(s.ledgerPolicy().maxQueuedJobs()).isEqualTo(3);
        assertThat(s.ledgerSettings().url()).isEqualTo("jdbc:sqlite:~/x/ledger.db"); // expanded by the ledger on open
        assertThatThrownBy(() -> parse(Map.of(), "--lease-seconds", "1")).hasMessageContaining("IMG2IMG_LEASE_SECONDS");
        assertThat(parse(Map.of("IMG2IMG_MAX_QUEUED_JOBS", "0")).ledgerPolicy().maxQueuedJobs())
                .as("0: no queue, a job past the running bound is refused at once")
                .isZero();
        assertThatThrownBy(() -> parse(Map.of(), "--max-queued-jobs", "-1"))
                .hasMessageContaining("IMG2IMG_MAX_QUEUED_JOBS");
        assertThatThrownBy(() -> parse(Map.of("IMG2IMG_DATABASE_URL", "jdbc:sqlite:/tmp/x.db?password=hunter2")))
                .hasMessageContaining("must not carry a password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theLedgersBusyTimeoutAndTheAsyncCommitConsentAreBoundedSettings() throws Exception {
        assertThat(parse(Map.of()).ledgerSettings().busyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse(Map.of()).ledgerSettings().asyncCommitAllowed()).isFalse();
        Settings s = parse(Map.of("IMG2IMG_DATABASE_BUSY_MILLIS", "250"), "--allow-async-commit", "true");
        assertThat(s.ledgerSettings().busyTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.ledgerSettings().asyncCommitAllowed()).isTrue();
        assertThatThrownBy(() -> parse(Map.of(), "--database-busy-millis", "99"))
                .hasMessageContaining("IMG2IMG_DATABASE_BUSY_MILLIS")
                .hasMessageContaining("[100, 60000]");
        assertThatThrownBy(() -> parse(Map.of("IMG2IMG_ALLOW_ASYNC_COMMIT", "yes")))
                .hasMessageContaining("IMG2IMG_ALLOW_ASYNC_COMMIT")
                .hasMessageContaining("true or false");
    }

    @Test
    void theStopGraceIsABoundedSettingOfThirtySecondsByDefault() throws Exception {
        assertThat(parse(Map.of()).stopGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse(Map.of("IMG2IMG_STOP_GRACE_SECONDS", "120")).stopGrace())
                .isEqualTo(Duration.ofSeconds(120));
        assertThat(parse(Map.of(), "--stop-grace-seconds", "5").stopGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> parse(Map.of(), "--stop-grace-seconds", "0"))
                .hasMessageContaining("IMG2IMG_STOP_GRACE_SECONDS")
                .hasMessageContaining("[1, 300]");
    }

    @Test
    void flagsOverrideTheEnvironment() throws Exception {
        Settings s = parse(
                Map.of("IMG2IMG_PORT", "9000", "IMG2IMG_WAIT_SECONDS", "10"),
                "--port",
                "0",
                "--wait-seconds=0",
                "--allowed-origins",
                "http://inspector.local:6274, https://app.example",
                "--max-creative-units",
                "12.5");
        assertThat(s.port()).isZero();
        assertThat(s.mcpWait()).isZero();
        assertThat(s.allowedOrigins()).containsExactly("http://inspector.local:6274", "https://app.example");
        assertThat(s.maxCreativeUnits()).isEqualTo(12.5);
    }

    @Test
    void credentialsChooseScenarioAndHalfCredentialsStopTheStart() throws Exception {
        assertThat(parse(Map.of("SCENARIO_API_KEY", "k", "SCENARIO_API_SECRET", "s"))
                        .backend())
                .isEqualTo(Backend.SCENARIO);
        assertThat(parse(Map.of("SCENARIO_API_KEY", "k", "SCENARIO_API_SECRET", "s"), "--backend", "local")
                        .backend())
                .isEqualTo(Backend.LOCAL);
        assertThatThrownBy(() -> parse(Map.of("SCENARIO_API_KEY", "k")))
                .hasMessageContaining("only one of SCENARIO_API_KEY and SCENARIO_API_SECRET");
        assertThatThrownBy(() -> parse(Map.of("IMG2IMG_BACKEND", "scenario")))
                .hasMessageContaining("needs SCENARIO_API_KEY and SCENARIO_API_SECRET");
    }

    @Test
    void badValuesNameTheVariableTheFlagAndTheRule() {
        assertThatThrownBy(() -> parse(Map.of("IMG2IMG_PORT", "eighty")))
                .hasMessage("IMG2IMG_PORT / --port must be a whole number within [0, 65535]; got \"eighty\"");
        assertThatThrownBy(() -> parse(Map.of(), "--wait-seconds", "301")).hasMessageContaining("--wait-seconds");
        assertThatThrownBy(() -> parse(Map.of(), "--backend", "cloud")).hasMessageContaining("scenario or local");
        assertThatThrownBy(() -> parse(Map.of(), "--max-creative-units", "-1")).hasMessageContaining("a number >= 0");
        assertThatThrownBy(() -> parse(Map.of(), "--public-url", "ftp://x")).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> parse(Map.of(), "--colour", "red")).hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> parse(Map.of(), "--port")).hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> parse(Map.of("IMG2IMG_LOG_FORMAT", "xml")))
                .hasMessage("IMG2IMG_LOG_FORMAT / --log-format must be text or json; got \"xml\"");
    }

    @Test
    void theLogFormatIsTextUnlessJsonIsAsked() throws Exception {
        assertThat(parse(Map.of()).logFormat()).isEqualTo(StderrLogging.Format.TEXT);
        assertThat(parse(Map.of("IMG2IMG_LOG_FORMAT", "JSON")).logFormat()).isEqualTo(StderrLogging.Format.JSON);
        assertThat(parse(Map.of("IMG2IMG_LOG_FORMAT", "json"), "--log-format", "text")
                        .logFormat())
                .isEqualTo(StderrLogging.Format.TEXT);
    }

    @Test
    void secretsAreRefusedAsFlagsAndNeverPrinted() throws Exception {
        assertThatThrownBy(() -> parse(Map.of(), "--api-token", "t0ps3cret"))
                .hasMessageContaining("set IMG2IMG_API_TOKEN in the environment")
                .hasMessageNotContaining("t0ps3cret");
        assertThatThrownBy(() -> parse(Map.of(), "--scenario-api-secret", "x")).hasMessageContaining("is a secret");
        Settings s = parse(Map.of(
                "SCENARIO_API_KEY",
                "key123",
                "SCENARIO_API_SECRET",
                "sec456",
                "IMG2IMG_API_TOKEN",
                "tok789-0123456789abcdef"));
        assertThat(s.toString()).doesNotContain("key123", "sec456", "tok789");
    }

    @Test
    void postgresCredentialsComeFromTheEnvironmentOnlyAndNeverShow() throws Exception {
        assertThatThrownBy(() -> parse(Map.of(), "--database-password", "pg-s3cret"))
                .hasMessageContaining("set IMG2IMG_DATABASE_PASSWORD in the environment")
                .hasMessageNotContaining("pg-s3cret");
        assertThatThrownBy(() -> parse(Map.of(), "--database-user", "img2img"))
                .hasMessageContaining("set IMG2IMG_DATABASE_USER in the environment");
        assertThatThrownBy(
                        () -> parse(Map.of("IMG2IMG_DATABASE_URL", "jdbc:postgresql://db/img2img?password=pg-s3cret")))
                .hasMessageContaining("must not carry a password")
                .hasMessageNotContaining("pg-s3cret");
        Settings s = parse(Map.of(
                "IMG2IMG_DATABASE_URL",
                "jdbc:postgresql://db.internal/img2img",
                "IMG2IMG_DATABASE_USER",
                "img2img",
                "IMG2IMG_DATABASE_PASSWORD",
                "pg-s3cret"));
        assertThat(s.ledgerSettings().shared()).isTrue();
        assertThat(s.ledgerSettings().user()).isEqualTo("img2img");
        assertThat(s.ledgerSettings().password()).isEqualTo("pg-s3cret");
        assertThat(s.toString()).contains("database credentials=(set)").doesNotContain("pg-s3cret");
        assertThat(s.ledgerSettings().toString()).doesNotContain("pg-s3cret");
        assertThat(Help.text("test")).contains("IMG2IMG_DATABASE_PASSWORD (environment only)");
        assertThat(parse(Map.of()).ledgerSettings().shared()).isFalse();
    }
}
