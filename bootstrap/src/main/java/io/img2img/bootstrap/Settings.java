package io.img2img.bootstrap;

import io.img2img.adapter.mcp.McpSessionBounds;
import io.img2img.adapter.mcp.McpSettings;
import io.img2img.adapter.http.ClientLimits;
import io.img2img.adapter.http.HttpSettings;
import io.img2img.adapter.http.Loopback;
import io.img2img.adapter.scenario.ScenarioSettings;
import io.img2img.adapter.ledger.LedgerSettings;
import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.domain.result.Backend;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole configuration (SPEC §7), read from the environment and overridden by flags of the same
 * name in kebab case ({@code IMG2IMG_PORT} = {@code --port}). Secrets come from the environment
 * only, so they never show in a process list; {@link #toString()} never shows them.
 */
record Settings(String command, Backend backend, String host, int port, String apiToken, Path outputDir,
                Duration mcpWait, String publicUrl, int maxConcurrentJobs, Double maxCreativeUnits, long maxBodyBytes,
                List<String> allowedOrigins, long inlineBytes, URI scenarioApiUrl, String scenarioApiKey,
                String scenarioApiSecret, String databaseUrl, String databaseUser, String databasePassword,
                int leaseSeconds, int retentionDays, int maxQueuedJobs, int maxQueuedJobsPerClient, int maxEventStreams,
                ClientLimits clientLimits, int maxMcpSessions, int mcpSessionIdleMinutes, Duration databaseBusy,
                boolean asyncCommitAllowed) {

    static final URI DEFAULT_SCENARIO_URL = URI.create("https://api.cloud.scenario.com/v1");
    /** The shortest IMG2IMG_API_TOKEN accepted: a guessable token is no lock. */
    static final int MIN_TOKEN_LENGTH = 16;

    static Settings parse(String command, List<String> flags, Map<String, String> env) throws ConfigurationException {
        return from(command, Option.read(flags, env));
    }

    private static Settings from(String command, Map<Option, String> v) throws ConfigurationException {
        String key = v.get(Option.SCENARIO_API_KEY);
        String secret = v.get(Option.SCENARIO_API_SECRET);
        Backend backend = backend(v.get(Option.BACKEND), key, secret);
        String host = v.getOrDefault(Option.HOST, "127.0.0.1");
        int port = (int) Option.PORT.number(v, 8080, 0, 65535);
        String token = v.get(Option.API_TOKEN);
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw new ConfigurationException("IMG2IMG_API_TOKEN is shorter than " + MIN_TOKEN_LENGTH + " characters: use a "
                    + "long random token (for example: openssl rand -hex 24)");
        }
        Path outputDir = v.containsKey(Option.OUTPUT_DIR) ? Option.expandHome(v.get(Option.OUTPUT_DIR))
                : Path.of(System.getProperty("user.home"), ".img2img", "outputs");
        String databaseUrl = v.getOrDefault(Option.DATABASE_URL, LedgerSettings.DEFAULT_URL);
        int lease = (int) Option.LEASE_SECONDS.number(v, 30, 2, 300);
        int retention = (int) Option.RETENTION_DAYS.number(v, 30, 1, 36_500);
        int queued = (int) Option.MAX_QUEUED_JOBS.number(v, 64, 0, 100_000);
        int queuedPerClient = (int) Option.MAX_QUEUED_JOBS_PER_CLIENT.number(v,
                LedgerPolicy.DEFAULT_MAX_QUEUED_JOBS_PER_CLIENT, 1, 100_000);
        Duration busy = Duration.ofMillis(Option.DATABASE_BUSY_MILLIS.number(v,
                LedgerSettings.DEFAULT_BUSY_TIMEOUT.toMillis(), 100, 60_000));
        boolean asyncCommit = Option.ALLOW_ASYNC_COMMIT.bool(v, false);
        try {
            LedgerSettings.of(databaseUrl, lease);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        Duration wait = Duration.ofSeconds(Option.WAIT_SECONDS.number(v, 45, 0, 300));
        String publicUrl = v.get(Option.PUBLIC_URL);
        if (publicUrl != null) {
            URI url = Option.PUBLIC_URL.url(publicUrl);
            if (token == null && !Loopback.is(url.getHost())) {
                throw new ConfigurationException("IMG2IMG_PUBLIC_URL names " + url.getHost() + ", which is not this machine's "
                        + "loopback: a server reached through another name (a reverse proxy) must be locked: set "
                        + "IMG2IMG_API_TOKEN too");
            }
            publicUrl = url.toString().replaceAll("/+$", "");
        }
        int jobs = (int) Option.MAX_CONCURRENT_JOBS.number(v, ServicePolicy.defaults().maxConcurrentJobs(), 1, 10_000);
        Double maxUnits = null;
        if (v.containsKey(Option.MAX_CREATIVE_UNITS)) {
            try {
                maxUnits = Double.parseDouble(v.get(Option.MAX_CREATIVE_UNITS));
            } catch (NumberFormatException e) {
                maxUnits = Double.NaN;
            }
            if (!(maxUnits >= 0) || maxUnits.isInfinite()) {
                throw Option.MAX_CREATIVE_UNITS.invalid(v.get(Option.MAX_CREATIVE_UNITS), "a number >= 0");
            }
        }
        long maxBody = Option.MAX_BODY_BYTES.number(v, 32L * 1024 * 1024, 1024, 1L << 30);
        int streams = (int) Option.MAX_EVENT_STREAMS.number(v, HttpSettings.DEFAULT_MAX_EVENT_STREAMS, 1, 100_000);
        int mcpSessions = (int) Option.MAX_MCP_SESSIONS.number(v, McpSessionBounds.DEFAULT_MAX_SESSIONS, 1, 100_000);
        int mcpIdle = (int) Option.MCP_SESSION_IDLE_MINUTES.number(v, McpSessionBounds.DEFAULT_IDLE.toMinutes(), 1, 7 * 24 * 60);
        List<String> origins = new ArrayList<>();
        for (String o : v.getOrDefault(Option.ALLOWED_ORIGINS, "").split(",")) {
            if (!o.isBlank()) {
                origins.add(Option.ALLOWED_ORIGINS.url(o.trim()).toString().replaceAll("/+$", ""));
            }
        }
        ClientLimits defaults = ClientLimits.DEFAULTS;
        ClientLimits limits = new ClientLimits(
                Duration.ofSeconds(Option.READ_TIMEOUT_SECONDS.number(v, defaults.readTimeout().toSeconds(), 1, 300)),
                Duration.ofSeconds(Option.HEADER_TIMEOUT_SECONDS.number(v, defaults.headerTimeout().toSeconds(), 1, 300)),
                Option.MIN_REQUEST_BYTES_PER_SECOND.number(v, defaults.minRequestBytesPerSecond(), 0, 1L << 30),
                (int) Option.MAX_CONNECTIONS.number(v, defaults.maxConnections(), 1, 1_000_000),
                (int) Option.MAX_CONNECTIONS_PER_ADDRESS.number(v, defaults.maxConnectionsPerAddress(), 1, 1_000_000),
                (int) Option.MAX_EVENT_STREAMS_PER_CLIENT.number(v, defaults.maxEventStreamsPerClient(), 1, 100_000));
        long inline = Option.INLINE_BYTES.number(v, 700_000, 0, 100L * 1024 * 1024);
        URI scenarioUrl = v.containsKey(Option.SCENARIO_API_URL) ? Option.SCENARIO_API_URL.url(v.get(Option.SCENARIO_API_URL))
                : DEFAULT_SCENARIO_URL;
        return new Settings(command, backend, host, port, token, outputDir, wait, publicUrl, jobs, maxUnits, maxBody,
                List.copyOf(origins), inline, scenarioUrl, key, secret, databaseUrl, v.get(Option.DATABASE_USER),
                v.get(Option.DATABASE_PASSWORD), lease, retention, queued, queuedPerClient, streams, limits, mcpSessions,
                mcpIdle, busy, asyncCommit);
    }

    LedgerSettings ledgerSettings() {
        return LedgerSettings.of(databaseUrl, leaseSeconds).withCredentials(databaseUser, databasePassword)
                .withBusyTimeout(databaseBusy).withAsyncCommitAllowed(asyncCommitAllowed);
    }

    LedgerPolicy ledgerPolicy() {
        return new LedgerPolicy(Duration.ofSeconds(leaseSeconds), retentionDays, maxQueuedJobs, maxQueuedJobsPerClient);
    }

    private static Backend backend(String chosen, String key, String secret) throws ConfigurationException {
        if (key != null ^ secret != null) {
            throw new ConfigurationException("only one of SCENARIO_API_KEY and SCENARIO_API_SECRET is set: set both to "
                    + "use Scenario, or neither (and IMG2IMG_BACKEND=local) for the offline local backend");
        }
        if (chosen == null) {
            return key != null ? Backend.SCENARIO : Backend.LOCAL;
        }
        return switch (chosen.toLowerCase(Locale.ROOT)) {
            case "local" -> Backend.LOCAL;
            case "scenario" -> {
                if (key == null) {
                    throw new ConfigurationException("IMG2IMG_BACKEND=scenario needs SCENARIO_API_KEY and SCENARIO_API_SECRET "
                            + "in the environment (missing: both); use --backend local for the offline renderer");
                }
                yield Backend.SCENARIO;
            }
            default -> throw Option.BACKEND.invalid(chosen, "scenario or local");
        };
    }

    /** The policies every front end and backend share: the defaults of {@link ServicePolicy}, as configured. */
    ServicePolicy servicePolicy() {
        return ServicePolicy.defaults().withMaxCreativeUnits(maxCreativeUnits).withMaxConcurrentJobs(maxConcurrentJobs);
    }

    McpSettings mcpSettings() {
        return new McpSettings(mcpWait, inlineBytes, maxBodyBytes, servicePolicy().maxImageBytes(),
                new McpSessionBounds(maxMcpSessions, Duration.ofMinutes(mcpSessionIdleMinutes),
                        McpSessionBounds.DEFAULT_MAX_INITIALIZE_BYTES));
    }

    /** @throws IllegalArgumentException for a non-loopback host without a token */
    HttpSettings httpSettings() {
        return new HttpSettings(host, port, apiToken, allowedOrigins, publicUrl, maxBodyBytes, maxEventStreams,
                HttpSettings.EVENT_HEARTBEAT, clientLimits);
    }

    ScenarioSettings scenarioSettings() {
        return ScenarioSettings.defaults(scenarioApiUrl, scenarioApiKey, scenarioApiSecret);
    }

    /** The backend as the start-up line names it. */
    String describeBackend() {
        String details = backend != Backend.SCENARIO ? ""
                : (maxCreativeUnits == null ? "" : ", at most " + maxCreativeUnits + " each") + "; at " + scenarioApiUrl;
        return backend.wireName() + " (" + backend.description() + details + ")";
    }

    @Override
    public String toString() {
        return "Settings[command=" + command + ", backend=" + backend + ", host=" + host + ", port=" + port
                + ", apiToken=" + (apiToken == null ? "unset" : "(set)") + ", outputDir=" + outputDir + ", database credentials="
                + (databaseUser == null && databasePassword == null ? "unset" : "(set)") + ", ledger leaseSeconds="
                + leaseSeconds + ", scenarioApiUrl="
                + scenarioApiUrl + ", scenario credentials=" + (scenarioApiKey == null ? "unset" : "(set)") + "]";
    }
}
