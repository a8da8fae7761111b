package io.img2img.bootstrap;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every option: its environment variable, and whether it is a secret (environment only). */
enum Option {
    BACKEND("IMG2IMG_BACKEND", false, "scenario or local (default: scenario when both Scenario credentials are set, else local)"),
    HOST("IMG2IMG_HOST", false, "HTTP bind address (default 127.0.0.1)"),
    PORT("IMG2IMG_PORT", false, "HTTP port, 0 for any free port (default 8080)"),
    API_TOKEN("IMG2IMG_API_TOKEN", true, "bearer token for REST and HTTP MCP; required when the host is not loopback"),
    OUTPUT_DIR("IMG2IMG_OUTPUT_DIR", false, "where produced images are saved (default ~/.img2img/outputs; never cleaned)"),
    WAIT_SECONDS("IMG2IMG_WAIT_SECONDS", false, "MCP: seconds a tool call waits for its job, 0-300 (default 45)"),
    PUBLIC_URL("IMG2IMG_PUBLIC_URL", false, "base of absolute asset URLs in REST results (default http://{host}:{port})"),
    MAX_CONCURRENT_JOBS("IMG2IMG_MAX_CONCURRENT_JOBS", false, "jobs running at once across all front ends (default 8)"),
    MAX_CREATIVE_UNITS("IMG2IMG_MAX_CREATIVE_UNITS", false, "money guard: refuse generations priced above this (default: off)"),
    MAX_BODY_BYTES("IMG2IMG_MAX_BODY_BYTES", false, "largest request body and stdio frame (default 33554432)"),
    MAX_EVENT_STREAMS("IMG2IMG_MAX_EVENT_STREAMS", false, "open job event streams per node; 503 past it (default 256)"),
    MAX_MCP_SESSIONS("IMG2IMG_MAX_MCP_SESSIONS", false, "MCP sessions open at once over HTTP; 503 past it (default 256)"),
    MCP_SESSION_IDLE_MINUTES("IMG2IMG_MCP_SESSION_IDLE_MINUTES", false,
            "an MCP session over HTTP unused this long is closed; its id then answers 404 (default 30)"),
    MAX_EVENT_STREAMS_PER_CLIENT("IMG2IMG_MAX_EVENT_STREAMS_PER_CLIENT", false,
            "open job event streams one client (remote address) may hold; 429 past it (default 32)"),
    READ_TIMEOUT_SECONDS("IMG2IMG_READ_TIMEOUT_SECONDS", false,
            "seconds a connection may stay silent while its request arrives or between requests, 1-300 (default 20)"),
    HEADER_TIMEOUT_SECONDS("IMG2IMG_HEADER_TIMEOUT_SECONDS", false,
            "seconds a new connection has to send its first request's headers, 1-300 (default 10)"),
    MIN_REQUEST_BYTES_PER_SECOND("IMG2IMG_MIN_REQUEST_BYTES_PER_SECOND", false,
            "slowest accepted request body, bytes per second; 408 below it, 0 = no minimum (default 1024)"),
    MAX_CONNECTIONS("IMG2IMG_MAX_CONNECTIONS", false, "HTTP connections open at once; more are closed at once (default 2048)"),
    MAX_CONNECTIONS_PER_ADDRESS("IMG2IMG_MAX_CONNECTIONS_PER_ADDRESS", false,
            "HTTP connections open at once from one remote address; more are closed at once (default 128)"),
    ALLOWED_ORIGINS("IMG2IMG_ALLOWED_ORIGINS", false, "comma-separated extra browser origins allowed (and CORS)"),
    INLINE_BYTES("IMG2IMG_INLINE_BYTES", false, "MCP: most base64 image bytes inlined in one result (default 700000)"),
    DATABASE_URL("IMG2IMG_DATABASE_URL", false, "the job ledger (default jdbc:sqlite:~/.img2img/img2img.db; local disk only), "
            + "or jdbc:postgresql://host/db shared by many nodes"),
    DATABASE_USER("IMG2IMG_DATABASE_USER", true, "PostgreSQL user of the job ledger"),
    DATABASE_PASSWORD("IMG2IMG_DATABASE_PASSWORD", true, "PostgreSQL password of the job ledger"),
    ALLOW_ASYNC_COMMIT("IMG2IMG_ALLOW_ASYNC_COMMIT", false, "true: use a PostgreSQL ledger whose synchronous_commit is "
            + "off or local (a lost commit can send a generation twice; default false: refused)"),
    DATABASE_BUSY_MILLIS("IMG2IMG_DATABASE_BUSY_MILLIS", false, "ms a ledger call waits for another process's SQLite "
            + "write lock or for a PostgreSQL connection, 100-60000 (default 5000)"),
    LEASE_SECONDS("IMG2IMG_LEASE_SECONDS", false, "seconds a silent process keeps the jobs it holds, 2-300 (default 30)"),
    RETENTION_DAYS("IMG2IMG_RETENTION_DAYS", false, "days finished jobs stay in the ledger (default 30)"),
    MAX_QUEUED_JOBS("IMG2IMG_MAX_QUEUED_JOBS", false, "jobs waiting in the queue per backend identity (default 64; 0: no queue)"),
    MAX_QUEUED_JOBS_PER_CLIENT("IMG2IMG_MAX_QUEUED_JOBS_PER_CLIENT", false,
            "of those, jobs one REST client (remote address) may have queued; 429 past it (default 16)"),
    SCENARIO_API_URL("SCENARIO_API_URL", false, "Scenario API base URL (default https://api.cloud.scenario.com/v1)"),
    SCENARIO_API_KEY("SCENARIO_API_KEY", true, "Scenario API key"),
    SCENARIO_API_SECRET("SCENARIO_API_SECRET", true, "Scenario API secret");

    final String variable;
    final boolean secret;
    final String help;

    Option(String variable, boolean secret, String help) {
        this.variable = variable;
        this.secret = secret;
        this.help = help;
    }

    String flag() {
        return "--" + variable.replaceFirst("^IMG2IMG_", "").toLowerCase(Locale.ROOT).replace('_', '-');
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
            Option option = Arrays.stream(Option.values()).filter(o -> o.flag().equals(name)).findFirst()
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

    long number(Map<Option, String> v, long fallback, long min, long max)
            throws ConfigurationException {
        String text = v.get(this);
        if (text == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(text, "a whole number within [" + min + ", " + max + "]");
    }

    boolean bool(Map<Option, String> v, boolean fallback) throws ConfigurationException {
        String text = v.get(this);
        if (text == null) {
            return fallback;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(text, "true or false");
        };
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
        if (uri != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
            return uri;
        }
        throw new ConfigurationException(variable + " / " + flag() + " must be an http(s) URL; got \""
                + maskUserInfo(text) + "\"");
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
        return path.startsWith("~/") || path.startsWith("~\\") ? java.nio.file.Path.of(home, path.substring(2))
                : java.nio.file.Path.of(path);
    }

    ConfigurationException invalid(String value, String rule) {
        String shown = secret ? "(hidden)" : "\"" + value + "\"";
        return new ConfigurationException(variable + " / " + flag() + " must be " + rule + "; got " + shown);
    }
}
