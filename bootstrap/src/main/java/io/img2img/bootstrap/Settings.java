package io.img2img.bootstrap;

import io.img2img.adapter.http.ClientLimits;
import io.img2img.adapter.http.HttpSettings;
import io.img2img.adapter.http.Loopback;
import io.img2img.adapter.ledger.LedgerSettings;
import io.img2img.adapter.mcp.McpSessionBounds;
import io.img2img.adapter.mcp.McpSettings;
import io.img2img.adapter.scenario.ScenarioSettings;
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
record Settings(
        String command,
        StderrLogging.Format logFormat,
        Backend backend,
        String host,
        int port,
        String apiToken,
        Path outputDir,
        Duration mcpWait,
        String publicUrl,
        int maxConcurrentJobs,
        Double maxCreativeUnits,
        long maxBodyBytes,
        List<String> allowedOrigins,
        long inlineBytes,
        URI scenarioApiUrl,
        String scenarioApiKey,
        String scenarioApiSecret,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int leaseSeconds,
        Duration stopGrace,
        int retentionDays,
        int maxQueuedJobs,
        int maxQueuedJobsPerClient,
        int maxEventStreams,
        ClientLimits clientLimits,
        int maxMcpSessions,
        int mcpSessionIdleMinutes,
        Duration databaseBusy,
        boolean asyncCommitAllowed,
        String webhookSecret,
        java.util.Set<String> webhookAllowedHosts,
        Double dailyCreativeUnits) {

    /** The shortest IMG2IMG_API_TOKEN accepted: a guessable token is no lock. */
    static final int MIN_TOKEN_LENGTH = 16;

    static Settings parse(String command, List<String> flags, Map<String, String> env) throws ConfigurationException {
        return from(command, Option.read(flags, env));
    }

    private static Settings from(String command, Map<Option, String> v) throws ConfigurationException {
        String key = v.get(Option.SCENARIO_API_KEY);
        String secret = v.get(Option.SCENARIO_API_SECRET);
        Backend backend = backend(v.get(Option.BACKEND), key, secret);
        String host = Option.HOST.text(v);
        int port = Option.PORT.wholeInt(v);
        String token = v.get(Option.API_TOKEN);
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw new ConfigurationException("IMG2IMG_API_TOKEN is shorter than " + MIN_TOKEN_LENGTH
                    + " characters: use a " + "long random token (for example: openssl rand -hex 24)");
        }
        Path outputDir = Option.expandHome(Option.OUTPUT_DIR.text(v));
        String databaseUrl = Option.DATABASE_URL.text(v);
        int lease = Option.LEASE_SECONDS.wholeInt(v);
        int retention = Option.RETENTION_DAYS.wholeInt(v);
        int queued = Option.MAX_QUEUED_JOBS.wholeInt(v);
        int queuedPerClient = Option.MAX_QUEUED_JOBS_PER_CLIENT.wholeInt(v);
        Duration busy = Duration.ofMillis(Option.DATABASE_BUSY_MILLIS.whole(v));
        String asyncCommitText = Option.ALLOW_ASYNC_COMMIT.text(v);
        if (!asyncCommitText.equals("true") && !asyncCommitText.equals("false")) {
            throw new ConfigurationException(Option.ALLOW_ASYNC_COMMIT.variable + " ("
                    + Option.ALLOW_ASYNC_COMMIT.flag() + ") must be true or false; got " + asyncCommitText);
        }
        boolean asyncCommit = Boolean.parseBoolean(asyncCommitText);
        try {
            LedgerSettings.of(databaseUrl, lease);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        Duration wait = Duration.ofSeconds(Option.WAIT_SECONDS.whole(v));
        String publicUrl = v.get(Option.PUBLIC_URL);
        if (publicUrl != null) {
            URI url = Option.PUBLIC_URL.url(publicUrl);
            if (token == null && !Loopback.is(url.getHost())) {
                throw new ConfigurationException(
                        "IMG2IMG_PUBLIC_URL names " + url.getHost() + ", which is not this machine's "
                                + "loopback: a server reached through another name (a reverse proxy) must be locked: set "
                                + "IMG2IMG_API_TOKEN too");
            }
            publicUrl = url.toString().replaceAll("/+$", "");
        }
        int jobs = Option.MAX_CONCURRENT_JOBS.wholeInt(v);
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
        Double dailyUnits = null;
        if (v.containsKey(Option.DAILY_CREATIVE_UNITS)) {
            try {
                dailyUnits = Double.parseDouble(v.get(Option.DAILY_CREATIVE_UNITS));
            } catch (NumberFormatException e) {
                dailyUnits = Double.NaN;
            }
            if (!(dailyUnits > 0) || dailyUnits.isInfinite()) {
                throw Option.DAILY_CREATIVE_UNITS.invalid(v.get(Option.DAILY_CREATIVE_UNITS), "a number > 0");
            }
        }
        long maxBody = Option.MAX_BODY_BYTES.whole(v);
        int streams = Option.MAX_EVENT_STREAMS.wholeInt(v);
        int mcpSessions = Option.MAX_MCP_SESSIONS.wholeInt(v);
        int mcpIdle = Option.MCP_SESSION_IDLE_MINUTES.wholeInt(v);
        List<String> origins = new ArrayList<>();
        for (String o : v.getOrDefault(Option.ALLOWED_ORIGINS, "").split(",")) {
            if (!o.isBlank()) {
                origins.add(Option.ALLOWED_ORIGINS.url(o.trim()).toString().replaceAll("/+$", ""));
            }
        }
        ClientLimits limits = new ClientLimits(
                Duration.ofSeconds(Option.READ_TIMEOUT_SECONDS.whole(v)),
                Duration.ofSeconds(Option.HEADER_TIMEOUT_SECONDS.whole(v)),
                Option.MIN_REQUEST_BYTES_PER_SECOND.whole(v),
                Option.MAX_CONNECTIONS.wholeInt(v),
                Option.MAX_CONNECTIONS_PER_ADDRESS.wholeInt(v),
                Option.MAX_EVENT_STREAMS_PER_CLIENT.wholeInt(v));
        long inline = Option.INLINE_BYTES.whole(v);
        URI scenarioUrl = Option.SCENARIO_API_URL.url(Option.SCENARIO_API_URL.text(v));
        return new Settings(
                command,
                logFormat(Option.LOG_FORMAT.text(v)),
                backend,
                host,
                port,
                token,
                outputDir,
                wait,
                publicUrl,
                jobs,
                maxUnits,
                maxBody,
                List.copyOf(origins),
                inline,
                scenarioUrl,
                key,
                secret,
                databaseUrl,
                v.get(Option.DATABASE_USER),
                v.get(Option.DATABASE_PASSWORD),
                lease,
                Duration.ofSeconds(Option.STOP_GRACE_SECONDS.whole(v)),
                retention,
                queued,
                queuedPerClient,
                streams,
                limits,
                mcpSessions,
                mcpIdle,
                busy,
                asyncCommit,
                webhookSecret(v.get(Option.WEBHOOK_SECRET)),
                webhookHosts(v.getOrDefault(Option.WEBHOOK_ALLOWED_HOSTS, "")),
                dailyUnits);
    }

    private static String webhookSecret(String secret) throws ConfigurationException {
        if (secret == null) {
            return null;
        }
        try {
            new io.img2img.adapter.webhook.WebhookSettings(secret, java.util.Set.of(), () -> ""); // checks the form
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage()); // names the variable, never its value
        }
        return secret;
    }

    private static java.util.Set<String> webhookHosts(String list) {
        java.util.Set<String> hosts = new java.util.LinkedHashSet<>();
        for (String h : list.split(",")) {
            if (!h.isBlank()) {
                hosts.add(h.strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return java.util.Set.copyOf(hosts);
    }

    /** How webhooks are sent; {@code publicUrl} is known once the server has started. */
    io.img2img.adapter.webhook.WebhookSettings webhookSettings(java.util.function.Supplier<String> publicUrl) {
        return new io.img2img.adapter.webhook.WebhookSettings(webhookSecret, webhookAllowedHosts, publicUrl);
    }

    private static StderrLogging.Format logFormat(String text) throws ConfigurationException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "text" -> StderrLogging.Format.TEXT;
            case "json" -> StderrLogging.Format.JSON;
            default -> throw Option.LOG_FORMAT.invalid(text, "text or json");
        };
    }

    LedgerSettings ledgerSettings() {
        return LedgerSettings.of(databaseUrl, leaseSeconds)
                .withCredentials(databaseUser, databasePassword)
                .withBusyTimeout(databaseBusy)
                .withAsyncCommitAllowed(asyncCommitAllowed);
    }

    LedgerPolicy ledgerPolicy() {
        return new LedgerPolicy(Duration.ofSeconds(leaseSeconds), retentionDays, maxQueuedJobs, maxQueuedJobsPerClient)
                .withDailyCreativeUnits(dailyCreativeUnits);
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
                    throw new ConfigurationException(
                            "IMG2IMG_BACKEND=scenario needs SCENARIO_API_KEY and SCENARIO_API_SECRET "
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
        return new McpSettings(
                mcpWait,
                inlineBytes,
                maxBodyBytes,
                servicePolicy().maxImageBytes(),
                new McpSessionBounds(
                        maxMcpSessions,
                        Duration.ofMinutes(mcpSessionIdleMinutes),
                        McpSessionBounds.DEFAULT_MAX_INITIALIZE_BYTES));
    }

    /** @throws IllegalArgumentException for a non-loopback host without a token */
    HttpSettings httpSettings() {
        return new HttpSettings(
                host,
                port,
                apiToken,
                allowedOrigins,
                publicUrl,
                maxBodyBytes,
                maxEventStreams,
                HttpSettings.EVENT_HEARTBEAT,
                clientLimits);
    }

    ScenarioSettings scenarioSettings() {
        return ScenarioSettings.defaults(scenarioApiUrl, scenarioApiKey, scenarioApiSecret);
    }

    /** The backend as the start-up line names it. */
    String describeBackend() {
        String details = backend != Backend.SCENARIO
                ? ""
                : (maxCreativeUnits == null ? "" : ", at most " + maxCreativeUnits + " each")
                        + (dailyCreativeUnits == null ? "" : ", " + dailyCreativeUnits + " per UTC day")
                        + "; at "
                        + scenarioApiUrl;
        return backend.wireName() + " (" + backend.description() + details + ")";
    }

    @Override
    public String toString() {
        return "Settings[command=" + command + ", backend=" + backend + ", host=" + host + ", port=" + port
                + ", apiToken=" + (apiToken == null ? "unset" : "(set)") + ", outputDir=" + outputDir
                + ", database credentials="
                + (databaseUser == null && databasePassword == null ? "unset" : "(set)") + ", ledger leaseSeconds="
                + leaseSeconds + ", scenarioApiUrl="
                + scenarioApiUrl + ", scenario credentials=" + (scenarioApiKey == null ? "unset" : "(set)") + "]";
    }
}
