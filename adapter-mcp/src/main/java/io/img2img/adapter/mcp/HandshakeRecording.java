package io.img2img.adapter.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.port.in.DescribeServer;
import io.img2img.domain.result.Backend;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records, at build time, what the full stdio server answers to the handshake ({@code initialize}, the lists,
 * {@code ping}), for each backend, into the resources {@link HandshakeAnswers} reads: {@link StdioHandshake}
 * then answers the same bytes without building the application. The recording runs the real server
 * ({@link McpStdioServer} and the SDK) on use cases that are never called, so whatever changes the tools
 * (a new argument, a new description) changes the recording with the next build. What varies per process
 * is left as a placeholder: the request's id, the negotiated protocol version, the version and the wait
 * budget in seconds. Run by the build ({@code process-classes}); the argument is the classes folder.
 */
public final class HandshakeRecording {
    static final String ID = "@@id@@";
    static final String PROTOCOL_VERSION = "@@protocolVersion@@";
    static final String VERSION = "@@version@@";
    static final String WAIT_SECONDS = "@@waitSeconds@@";
    /** Methods answered by the handshake, besides {@code initialize}: none depends on the session. */
    static final List<String> LISTS = List.of("tools/list", "resources/list", "resources/templates/list", "ping");

    static final String KEY_VERSIONS = "versions";
    static final String KEY_FALLBACK = "fallback";
    static final String KEY_INITIALIZE = "initialize";

    /** Two wait budgets recorded: their digits must be the only difference, which proves the placeholder sits right. */
    private static final long WAIT_A = 287;

    private static final long WAIT_B = 293;
    private static final String UNKNOWN_PROTOCOL = "1900-01-01";

    private HandshakeRecording() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path classes = Path.of(args[0]);
        for (Backend backend : Backend.values()) {
            Path file = classes.resolve(HandshakeAnswers.resource(backend.wireName()));
            Files.createDirectories(file.getParent());
            StringBuilder text = new StringBuilder();
            record(backend)
                    .forEach((key, value) ->
                            text.append(key).append('\t').append(value).append('\n'));
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }

    /** The recording of one backend: key → value, as the resource holds it. */
    static Map<String, String> record(Backend backend) throws IOException, InterruptedException {
        List<String> versions = new StdioServerTransportProvider(
                        ServerAssembly.JSON, InputStream.nullInputStream(), java.io.OutputStream.nullOutputStream())
                .protocolVersions();
        String latest = versions.get(versions.size() - 1);
        Map<String, String> a = templates(answers(backend, WAIT_A, latest), WAIT_A, latest);
        Map<String, String> b = templates(answers(backend, WAIT_B, latest), WAIT_B, latest);
        if (!a.equals(b)) {
            throw new IllegalStateException("the wait budget's digits also stand where they do not mean the wait: "
                    + "the recording cannot place its placeholder");
        }
        JsonNode fallback = ServerAssembly.JSON.readValue(
                answers(backend, WAIT_A, UNKNOWN_PROTOCOL).get(KEY_INITIALIZE), JsonNode.class);
        Map<String, String> recording = new LinkedHashMap<>();
        recording.put(KEY_VERSIONS, String.join(",", versions));
        recording.put(
                KEY_FALLBACK, fallback.path("result").path("protocolVersion").asText());
        recording.putAll(a);
        return recording;
    }

    /** One scripted session on the real server: method → the frame answering it. */
    static Map<String, String> answers(Backend backend, long waitSeconds, String protocolVersion)
            throws IOException, InterruptedException {
        StringBuilder frames = new StringBuilder();
        frames.append("{\"jsonrpc\":\"2.0\",\"id\":\"")
                .append(KEY_INITIALIZE)
                .append("\",\"method\":\"initialize\"," + "\"params\":{\"protocolVersion\":\"")
                .append(protocolVersion)
                .append("\",\"capabilities\":{}," + "\"clientInfo\":{\"name\":\"recording\",\"version\":\"1\"}}}\n");
        frames.append("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
        for (String method : LISTS) {
            frames.append("{\"jsonrpc\":\"2.0\",\"id\":\"")
                    .append(method)
                    .append("\",\"method\":\"")
                    .append(method)
                    .append("\"}\n");
        }
        // other settings (and limits) at values no configuration has: a tool text using one differs in McpHandshakeIT
        McpSettings settings = new McpSettings(Duration.ofSeconds(waitSeconds), 1, 1024, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new McpStdioServer(settings, neverCalled(backend, VERSION))
                .run(
                        new ByteArrayInputStream(frames.toString().getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8));
        Map<String, String> byMethod = new LinkedHashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            String id = ServerAssembly.JSON
                    .readValue(line, JsonNode.class)
                    .path("id")
                    .asText();
            byMethod.put(id, line.replace("\"id\":\"" + id + "\"", "\"id\":\"" + ID + "\""));
        }
        if (byMethod.size() != LISTS.size() + 1) {
            throw new IllegalStateException(
                    "the server answered " + byMethod.keySet() + " to the recording's requests");
        }
        return byMethod;
    }

    private static Map<String, String> templates(
            Map<String, String> answers, long waitSeconds, String protocolVersion) {
        Pattern wait = Pattern.compile("\\b" + waitSeconds + "\\b");
        Map<String, String> templates = new LinkedHashMap<>();
        answers.forEach((method, frame) -> {
            String template = wait.matcher(frame).replaceAll(Matcher.quoteReplacement(WAIT_SECONDS));
            if (method.equals(KEY_INITIALIZE)) {
                String negotiated = "\"protocolVersion\":\"" + protocolVersion + "\"";
                if (template.indexOf(negotiated) != template.lastIndexOf(negotiated)
                        || !template.contains(negotiated)) {
                    throw new IllegalStateException(
                            "initialize's answer does not name the protocol version once: " + template);
                }
                template = template.replace(negotiated, "\"protocolVersion\":\"" + PROTOCOL_VERSION + "\"");
            }
            templates.put(method, template);
        });
        return templates;
    }

    /** Use cases that describe the server and are otherwise never called by a handshake. */
    static McpUseCases neverCalled(Backend backend, String version) {
        DescribeServer describe =
                () -> new DescribeServer.Description(backend, version, new DescribeServer.Limits(1, 1, null));
        return new McpUseCases(
                (request, key, wait, progress) -> {
                    throw new IllegalStateException("the recording never generates");
                },
                (jobId, wait, progress) -> {
                    throw new IllegalStateException("the recording never follows a job");
                },
                assetId -> {
                    throw new IllegalStateException("the recording never reads an asset");
                },
                (images, budget) -> {
                    throw new IllegalStateException("the recording never previews");
                },
                describe,
                cursor -> {
                    throw new IllegalStateException("the recording never lists models");
                },
                jobId -> {
                    throw new IllegalStateException("the recording never cancels a job");
                });
    }
}
