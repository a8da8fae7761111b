package io.img2img.bootstrap;

import io.img2img.adapter.http.ClientLimits;
import io.img2img.adapter.http.HttpSettings;
import io.img2img.adapter.ledger.LedgerSettings;
import io.img2img.adapter.mcp.McpSessionBounds;
import io.img2img.adapter.mcp.McpSettings;
import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings catalogue (SPEC §7): every setting declared once — its environment variable (the flag is derived),
 * its kind, default, bounds and unit, whether it is a secret (environment only), and its help. Parsing and
 * validation ({@link #whole}), {@code --help} ({@link Help}) and the README's configuration table
 * ({@link ConfigurationTable}) are all read from here. A bound or default an adapter's record also needs is that
 * record's constant, referenced here, never typed again.
 */
enum Option {
    BACKEND(Spec.described(
            "IMG2IMG_BACKEND", "`scenario` if both credentials are set, else `local`", "`scenario` or `local`")),
    SCENARIO_API_KEY(Spec.secret("SCENARIO_API_KEY", "Scenario API key (HTTP Basic user)")),
    SCENARIO_API_SECRET(Spec.secret("SCENARIO_API_SECRET", "Scenario API secret (HTTP Basic password)")),
    SCENARIO_API_URL(Spec.text(
            "SCENARIO_API_URL",
            "https://api.cloud.scenario.com/v1",
            "Scenario's base URL (a URL carrying user info is refused at start, masked)")),
    HOST(Spec.text("IMG2IMG_HOST", "127.0.0.1", "HTTP bind address")),
    PORT(Spec.whole("IMG2IMG_PORT", 0, 65_535, 8080, "", "HTTP port (0: any free port)")),
    API_TOKEN(Spec.secret(
            "IMG2IMG_API_TOKEN",
            "bearer token for REST and `/mcp`, at least " + Settings.MIN_TOKEN_LENGTH
                    + " characters; required when the host or the public URL's host is not loopback")),
    OUTPUT_DIR(Spec.text("IMG2IMG_OUTPUT_DIR", "~/.img2img/outputs", "where images are saved (never cleaned)")),
    WAIT_SECONDS(Spec.whole(
            "IMG2IMG_WAIT_SECONDS",
            0,
            McpSettings.MAX_WAIT_SECONDS,
            McpSettings.DEFAULT_WAIT_SECONDS,
            "s",
            "MCP: how long a tool call waits for its job")),
    PUBLIC_URL(Spec.described(
            "IMG2IMG_PUBLIC_URL",
            "`http://{host}:{port}`",
            "base of the absolute image URLs in REST "
                    + "results; a host other than loopback needs `IMG2IMG_API_TOKEN`")),
    LOG_FORMAT(Spec.text(
            "IMG2IMG_LOG_FORMAT",
            "text",
            "`text`: readable lines; `json`: one JSON object per line, with the job, request and node ids "
                    + "(see Logs); on stderr either way")),
    MAX_CONCURRENT_JOBS(Spec.whole(
            "IMG2IMG_MAX_CONCURRENT_JOBS",
            1,
            10_000,
            ServicePolicy.DEFAULT_MAX_CONCURRENT_JOBS,
            "",
            "jobs this process runs at once (a job holds its slot until it ends, whether or not anyone waits); "
                    + "past it new jobs are queued")),
    MAX_QUEUED_JOBS(Spec.whole(
            "IMG2IMG_MAX_QUEUED_JOBS",
            0,
            100_000,
            LedgerPolicy.DEFAULT_MAX_QUEUED_JOBS,
            "",
            "jobs waiting in the ledger's queue per backend (0: no queue); past it `503` + `Retry-After` (half the "
                    + "lease, in seconds)")),
    MAX_QUEUED_JOBS_PER_CLIENT(Spec.whole(
            "IMG2IMG_MAX_QUEUED_JOBS_PER_CLIENT",
            1,
            100_000,
            LedgerPolicy.DEFAULT_MAX_QUEUED_JOBS_PER_CLIENT,
            "",
            "of those, jobs one REST client (its remote address) "
                    + "may have queued; past it `429 client-queue-full` + `Retry-After`")),
    DATABASE_URL(
            Spec.text(
                    "IMG2IMG_DATABASE_URL",
                    LedgerSettings.DEFAULT_URL,
                    "the job ledger (local "
                            + "disk only for SQLite), or `jdbc:postgresql://…` shared by several nodes; a URL with a password is refused")),
    DATABASE_USER(Spec.secret("IMG2IMG_DATABASE_USER", "PostgreSQL user of the job ledger")),
    DATABASE_PASSWORD(Spec.secret("IMG2IMG_DATABASE_PASSWORD", "PostgreSQL password of the job ledger")),
    DATABASE_BUSY_MILLIS(Spec.whole(
            "IMG2IMG_DATABASE_BUSY_MILLIS",
            100,
            60_000,
            LedgerSettings.DEFAULT_BUSY_TIMEOUT.toMillis(),
            "ms",
            "how long a ledger call waits for another process's "
                    + "SQLite write lock, or for a PostgreSQL connection, before the ledger is unavailable")),
    ALLOW_ASYNC_COMMIT(Spec.text(
            "IMG2IMG_ALLOW_ASYNC_COMMIT",
            "false",
            "`true` lets a node use a PostgreSQL ledger "
                    + "whose `synchronous_commit` is `off` or `local` (refused otherwise): a commit lost in a crash or failover "
                    + "can send a generation to Scenario twice and bill it twice")),
    LEASE_SECONDS(Spec.whole(
            "IMG2IMG_LEASE_SECONDS",
            LedgerPolicy.MIN_LEASE_SECONDS,
            LedgerPolicy.MAX_LEASE_SECONDS,
            LedgerPolicy.DEFAULT_LEASE_SECONDS,
            "s",
            "how long a silent process keeps the jobs it holds before another takes them over")),
    STOP_GRACE_SECONDS(Spec.whole(
            "IMG2IMG_STOP_GRACE_SECONDS",
            1,
            300,
            30,
            "s",
            "on SIGTERM (or the end of a stdio session): how long calls in flight may finish, and how long a "
                    + "generation already sent to Scenario is waited for before its job is left `outcome-unknown`")),
    RETENTION_DAYS(Spec.whole(
            "IMG2IMG_RETENTION_DAYS",
            1,
            36_500,
            LedgerPolicy.DEFAULT_RETENTION_DAYS,
            "days",
            "how long finished jobs stay in the ledger (then `410 job-expired`)")),
    MAX_CREATIVE_UNITS(Spec.number(
            "IMG2IMG_MAX_CREATIVE_UNITS",
            "off",
            "money guard: every generation is priced with a dry run first and refused above this")),
    DAILY_CREATIVE_UNITS(
            Spec.positiveNumber(
                    "IMG2IMG_DAILY_CREATIVE_UNITS",
                    "off",
                    "spend budget: Creative Units accepted per UTC day across every node sharing the ledger; past it `429 budget-exhausted` + `Retry-After` until 00:00 UTC, and nothing is sent")),
    MAX_EVENT_STREAMS(Spec.whole(
            "IMG2IMG_MAX_EVENT_STREAMS",
            1,
            100_000,
            HttpSettings.DEFAULT_MAX_EVENT_STREAMS,
            "",
            "job event streams open at once on this node; past it `503` + `Retry-After`")),
    MAX_EVENT_STREAMS_PER_CLIENT(Spec.whole(
            "IMG2IMG_MAX_EVENT_STREAMS_PER_CLIENT",
            1,
            100_000,
            ClientLimits.DEFAULTS.maxEventStreamsPerClient(),
            "",
            "of those, streams one client (its remote address) "
                    + "may hold; past it `429 too-many-event-streams-for-client` + `Retry-After`")),
    MAX_MCP_SESSIONS(Spec.whole(
            "IMG2IMG_MAX_MCP_SESSIONS",
            1,
            100_000,
            McpSessionBounds.DEFAULT_MAX_SESSIONS,
            "",
            "MCP sessions open at once over HTTP (`/mcp`); past it a new `initialize` gets `503` + `Retry-After`")),
    MCP_SESSION_IDLE_MINUTES(Spec.whole(
            "IMG2IMG_MCP_SESSION_IDLE_MINUTES",
            1,
            7 * 24 * 60,
            McpSessionBounds.DEFAULT_IDLE.toMinutes(),
            "min",
            "an MCP session over HTTP unused this long is closed; "
                    + "its id then answers `404` (the client starts a new one)")),
    READ_TIMEOUT_SECONDS(Spec.whole(
            "IMG2IMG_READ_TIMEOUT_SECONDS",
            1,
            300,
            ClientLimits.DEFAULTS.readTimeout().toSeconds(),
            "s",
            "how long a connection may stay silent while its request arrives, or idle between requests "
                    + "(answers may take far longer: waits, event streams)")),
    HEADER_TIMEOUT_SECONDS(Spec.whole(
            "IMG2IMG_HEADER_TIMEOUT_SECONDS",
            1,
            300,
            ClientLimits.DEFAULTS.headerTimeout().toSeconds(),
            "s",
            "how long a new connection has to send its first "
                    + "request's headers, however it trickles them; then it is closed")),
    MIN_REQUEST_BYTES_PER_SECOND(Spec.whole(
            "IMG2IMG_MIN_REQUEST_BYTES_PER_SECOND",
            0,
            1L << 30,
            ClientLimits.DEFAULTS.minRequestBytesPerSecond(),
            "bytes/s",
            "slowest request body accepted after a short "
                    + "grace; a slower one loses its connection (0: no minimum)")),
    MAX_CONNECTIONS(Spec.whole(
            "IMG2IMG_MAX_CONNECTIONS",
            1,
            1_000_000,
            ClientLimits.DEFAULTS.maxConnections(),
            "",
            "HTTP connections open at once; more are closed as soon as they are accepted")),
    MAX_CONNECTIONS_PER_ADDRESS(Spec.whole(
            "IMG2IMG_MAX_CONNECTIONS_PER_ADDRESS",
            1,
            1_000_000,
            ClientLimits.DEFAULTS.maxConnectionsPerAddress(),
            "",
            "HTTP connections open at once from one remote " + "address; more are closed at once")),
    MAX_BODY_BYTES(Spec.whole(
            "IMG2IMG_MAX_BODY_BYTES",
            McpSettings.MIN_FRAME_BYTES,
            1L << 30,
            32L * 1024 * 1024,
            "bytes",
            "largest REST / `/mcp` body (`413` past it) and stdio frame")),
    ALLOWED_ORIGINS(Spec.described(
            "IMG2IMG_ALLOWED_ORIGINS",
            "—",
            "extra browser origins allowed (comma-separated http(s) URLs; also the CORS allow-list)")),
    WEBHOOK_SECRET(Spec.secret(
            "IMG2IMG_WEBHOOK_SECRET",
            "`whsec_…` key (base64 after `whsec_`, 24–64 bytes) signing webhook deliveries (Standard Webhooks); "
                    + "required to accept `webhook`")),
    WEBHOOK_ALLOWED_HOSTS(Spec.described(
            "IMG2IMG_WEBHOOK_ALLOWED_HOSTS",
            "—",
            "hosts (comma-separated) a webhook may reach over `http` or at a loopback, private or link-local "
                    + "address (local development)")),
    INLINE_BYTES(Spec.whole(
            "IMG2IMG_INLINE_BYTES",
            0,
            100L * 1024 * 1024,
            700_000,
            "bytes",
            "MCP: most base64 image bytes inlined in one result"));

    /** What kind of value a setting takes: how it is parsed and how its rule is shown. */
    enum Kind {
        TEXT,
        WHOLE,
        NUMBER,
        SECRET
    }

    /**
     * One setting's declaration. {@code min}/{@code max}/{@code defaultValue} hold for {@link Kind#WHOLE} only;
     * {@code shownDefault} is the default as the help and the README show it.
     */
    record Spec(
            String variable,
            Kind kind,
            long min,
            long max,
            long defaultValue,
            String defaultText,
            String shownDefault,
            String unit,
            String help) {
        /** A text setting with a fixed default. */
        static Spec text(String variable, String defaultText, String help) {
            return new Spec(variable, Kind.TEXT, 0, 0, 0, defaultText, "`" + defaultText + "`", "", help);
        }

        /** A text setting whose default is worked out from others (described in words) or is none. */
        static Spec described(String variable, String shownDefault, String help) {
            return new Spec(variable, Kind.TEXT, 0, 0, 0, null, shownDefault, "", help);
        }

        static Spec secret(String variable, String help) {
            return new Spec(variable, Kind.SECRET, 0, 0, 0, null, "—", "", help);
        }

        static Spec number(String variable, String shownDefault, String help) {
            return new Spec(variable, Kind.NUMBER, 0, 0, 0, null, shownDefault, "", help);
        }

        /** A number that must be above 0 ({@code min} 1 marks it so). */
        static Spec positiveNumber(String variable, String shownDefault, String help) {
            return new Spec(variable, Kind.NUMBER, 1, 0, 0, null, shownDefault, "", help);
        }

        static Spec whole(String variable, long min, long max, long defaultValue, String unit, String help) {
            return new Spec(variable, Kind.WHOLE, min, max, defaultValue, null, "`" + defaultValue + "`", unit, help);
        }
    }

    final Spec spec;
    final String variable;
    final boolean secret;

    Option(Spec spec) {
        this.spec = spec;
        this.variable = spec.variable();
        this.secret = spec.kind() == Kind.SECRET;
    }

    String flag() {
        return "--"
                + variable.replaceFirst("^IMG2IMG_", "")
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '-');
    }

    /** The bounds and unit as shown to people: {@code 2–300 s}, {@code ≥ 0}; empty when the setting has none. */
    String shownRule() {
        if (spec.kind() == Kind.NUMBER) {
            return spec.min() > 0 ? "> 0" : "≥ 0";
        }
        if (spec.kind() != Kind.WHOLE) {
            return "";
        }
        return spec.min() + "–" + spec.max() + (spec.unit().isEmpty() ? "" : " " + spec.unit());
    }

    /** The options set in the environment, overridden by flags; secrets from the environment only. */
    static Map<Option, String> read(List<String> flags, Map<String, String> env) throws ConfigurationException {
        Map<Option, String> values = new LinkedHashMap<>();
        for (Option o : Option.values()) {
            String v = env.get(o.variable);
            if (v != null && !v.isBlank()) {
                values.put(o, v.trim());
            }
        }
        for (int i = 0; i < flags.size(); i++) {
            String arg = flags.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            Option option = Arrays.stream(Option.values())
                    .filter(o -> o.flag().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new ConfigurationException("unknown option " + name + " (see --help)"));
            if (option.secret) {
                throw new ConfigurationException(name + " is a secret: set " + option.variable
                        + " in the environment instead, so it never shows in a process list");
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < flags.size()) {
                value = flags.get(++i);
            } else {
                throw new ConfigurationException(name + " needs a value");
            }
            values.put(option, value.trim());
        }
        return values;
    }

    /** This text setting as given, or its fixed default ({@code null} when it has none). */
    String text(Map<Option, String> v) {
        return v.getOrDefault(this, spec.defaultText());
    }

    /** This whole-number setting as given, or its default; outside its bounds, an error naming it and them. */
    long whole(Map<Option, String> v) throws ConfigurationException {
        if (spec.kind() != Kind.WHOLE) {
            throw new IllegalStateException(variable + " is not a whole number");
        }
        String text = v.get(this);
        if (text == null) {
            return spec.defaultValue();
        }
        try {
            long n = Long.parseLong(text);
            if (n >= spec.min() && n <= spec.max()) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(text, "a whole number within [" + spec.min() + ", " + spec.max() + "]");
    }

    int wholeInt(Map<Option, String> v) throws ConfigurationException {
        return Math.toIntExact(whole(v));
    }

    URI url(String text) throws ConfigurationException {
        URI uri = null;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (uri != null && uri.getRawUserInfo() != null) {
            throw new ConfigurationException(variable + " / " + flag() + " must not carry user info (credentials) in "
                    + "the URL: they would be printed and sent where they do not belong; got " + maskUserInfo(text));
        }
        if (uri != null
                && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                && uri.getHost() != null) {
            return uri;
        }
        throw new ConfigurationException(
                variable + " / " + flag() + " must be an http(s) URL; got \"" + maskUserInfo(text) + "\"");
    }

    /** The URL with anything between {@code //} and the last {@code @} of its authority shown as {@code ***}. */
    static String maskUserInfo(String url) {
        return url.replaceFirst("//[^/?#]*@", "//***@");
    }

    /** A leading {@code ~} is the user's home on every platform: MCP clients pass {@code env} values without a shell. */
    static java.nio.file.Path expandHome(String path) {
        String home = System.getProperty("user.home");
        if (path.equals("~")) {
            return java.nio.file.Path.of(home);
        }
        return path.startsWith("~/") || path.startsWith("~\\")
                ? java.nio.file.Path.of(home, path.substring(2))
                : java.nio.file.Path.of(path);
    }

    ConfigurationException invalid(String value, String rule) {
        String shown = secret ? "(hidden)" : "\"" + value + "\"";
        return new ConfigurationException(variable + " / " + flag() + " must be " + rule + "; got " + shown);
    }
}
