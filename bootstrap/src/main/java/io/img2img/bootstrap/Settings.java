package io.img2img.bootstrap;

import io.img2img.adapter.mcp.McpSettings;
import io.img2img.adapter.rest.HttpSettings;
import io.img2img.adapter.scenario.ScenarioSettings;
import io.img2img.application.ServicePolicy;
import io.img2img.application.port.in.Backend;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
                String scenarioApiSecret) {


    static final URI DEFAULT_SCENARIO_URL = URI.create("https://api.cloud.scenario.com/v1");

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
        ALLOWED_ORIGINS("IMG2IMG_ALLOWED_ORIGINS", false, "comma-separated extra browser origins allowed (and CORS)"),
        INLINE_BYTES("IMG2IMG_INLINE_BYTES", false, "MCP: most base64 image bytes inlined in one result (default 700000)"),
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
    }

    static Settings parse(String command, List<String> flags, Map<String, String> env) throws ConfigurationException {
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
        return from(command, values);
    }

    private static Settings from(String command, Map<Option, String> v) throws ConfigurationException {
        String key = v.get(Option.SCENARIO_API_KEY);
        String secret = v.get(Option.SCENARIO_API_SECRET);
        Backend backend = backend(v.get(Option.BACKEND), key, secret);
        String host = v.getOrDefault(Option.HOST, "127.0.0.1");
        int port = (int) number(v, Option.PORT, 8080, 0, 65535);
        String token = v.get(Option.API_TOKEN);
        Path outputDir = v.containsKey(Option.OUTPUT_DIR) ? Path.of(v.get(Option.OUTPUT_DIR))
                : Path.of(System.getProperty("user.home"), ".img2img", "outputs");
        Duration wait = Duration.ofSeconds(number(v, Option.WAIT_SECONDS, 45, 0, 300));
        String publicUrl = v.get(Option.PUBLIC_URL);
        if (publicUrl != null) {
            publicUrl = url(Option.PUBLIC_URL, publicUrl).toString().replaceAll("/+$", "");
        }
        int jobs = (int) number(v, Option.MAX_CONCURRENT_JOBS, 8, 1, 10_000);
        Double maxUnits = null;
        if (v.containsKey(Option.MAX_CREATIVE_UNITS)) {
            try {
                maxUnits = Double.parseDouble(v.get(Option.MAX_CREATIVE_UNITS));
            } catch (NumberFormatException e) {
                maxUnits = Double.NaN;
            }
            if (!(maxUnits >= 0) || maxUnits.isInfinite()) {
                throw invalid(Option.MAX_CREATIVE_UNITS, v.get(Option.MAX_CREATIVE_UNITS), "a number >= 0");
            }
        }
        long maxBody = number(v, Option.MAX_BODY_BYTES, 32L * 1024 * 1024, 1024, 1L << 30);
        List<String> origins = new ArrayList<>();
        for (String o : v.getOrDefault(Option.ALLOWED_ORIGINS, "").split(",")) {
            if (!o.isBlank()) {
                origins.add(url(Option.ALLOWED_ORIGINS, o.trim()).toString().replaceAll("/+$", ""));
            }
        }
        long inline = number(v, Option.INLINE_BYTES, 700_000, 0, 100L * 1024 * 1024);
        URI scenarioUrl = v.containsKey(Option.SCENARIO_API_URL) ? url(Option.SCENARIO_API_URL, v.get(Option.SCENARIO_API_URL))
                : DEFAULT_SCENARIO_URL;
        return new Settings(command, backend, host, port, token, outputDir, wait, publicUrl, jobs, maxUnits, maxBody,
                List.copyOf(origins), inline, scenarioUrl, key, secret);
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
            default -> throw invalid(Option.BACKEND, chosen, "scenario or local");
        };
    }

    private static long number(Map<Option, String> v, Option o, long fallback, long min, long max)
            throws ConfigurationException {
        String text = v.get(o);
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
        throw invalid(o, text, "a whole number within [" + min + ", " + max + "]");
    }

    private static URI url(Option o, String text) throws ConfigurationException {
        try {
            URI uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw invalid(o, text, "an http(s) URL");
    }

    private static ConfigurationException invalid(Option o, String value, String rule) {
        String shown = o.secret ? "(hidden)" : "\"" + value + "\"";
        return new ConfigurationException(o.variable + " / " + o.flag() + " must be " + rule + "; got " + shown);
    }

    /** The policies every front end and backend share: the defaults of {@link ServicePolicy}, as configured. */
    ServicePolicy servicePolicy() {
        return ServicePolicy.defaults().withMaxCreativeUnits(maxCreativeUnits).withMaxConcurrentJobs(maxConcurrentJobs);
    }

    McpSettings mcpSettings() {
        return new McpSettings(mcpWait, inlineBytes, maxBodyBytes, servicePolicy().maxImageBytes());
    }

    /** @throws IllegalArgumentException for a non-loopback host without a token */
    HttpSettings httpSettings() {
        return new HttpSettings(host, port, apiToken, allowedOrigins, publicUrl, maxBodyBytes);
    }

    ScenarioSettings scenarioSettings() {
        return ScenarioSettings.defaults(scenarioApiUrl, scenarioApiKey, scenarioApiSecret);
    }

    @Override
    public String toString() {
        return "Settings[command=" + command + ", backend=" + backend + ", host=" + host + ", port=" + port
                + ", apiToken=" + (apiToken == null ? "unset" : "(set)") + ", outputDir=" + outputDir + ", scenarioApiUrl="
                + scenarioApiUrl + ", scenario credentials=" + (scenarioApiKey == null ? "unset" : "(set)") + "]";
    }
}
