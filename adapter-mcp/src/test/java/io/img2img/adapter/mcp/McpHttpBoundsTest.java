package io.img2img.adapter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one client can make the HTTP transport hold: sessions (a cap, idle expiry, a bounded
 * {@code initialize}), the JSON of one message, and requests the SDK would leave unanswered.
 */
class McpHttpBoundsTest {
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{%s},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final List<String> INTERNAL_NAMES =
            List.of("io.modelcontextprotocol", "com.fasterxml", "McpSchema", "java.", "Exception", "`", "[Source");

    @TempDir
    Path outputs;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Server jetty;
    private String mcp;
    private Fixture fixture;

    private void start(McpSessionBounds bounds) throws Exception {
        fixture = new Fixture(outputs);
        McpSettings settings = new McpSettings(Fixture.WAIT, 700_000, 32L * 1024 * 1024, 20L * 1024 * 1024, bounds);
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(new McpHttpServlet(settings, fixture.useCases, clock::get));
        holder.setAsyncSupported(true);
        context.addServlet(holder, McpHttpServlet.PATH);
        jetty.setHandler(context);
        jetty.start();
        mcp = "http://127.0.0.1:" + connector.getLocalPort() + McpHttpServlet.PATH;
    }

    @AfterEach
    void stop() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
    }

    private HttpResponse<String> post(String session, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(mcp))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String open() throws Exception {
        HttpResponse<String> init = post(null, INITIALIZE.formatted(""));
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                        .statusCode())
                .isEqualTo(202);
        return session;
    }

    private HttpResponse<String> ping(String session) throws Exception {
        return post(session, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        String body = response.body();
        if (body.startsWith("event:") || body.startsWith("id:") || body.startsWith("data:")) {
            body = body.lines()
                    .filter(l -> l.startsWith("data:"))
                    .findFirst()
                    .orElseThrow()
                    .substring(5)
                    .trim();
        }
        JsonNode node = Fixture.JSON.readTree(body);
        assertThat(node.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(node.has("error")).as(body).isTrue();
        assertThat(node.at("/error/message").asText()).doesNotContain(INTERNAL_NAMES);
        assertThat(body).doesNotContain(INTERNAL_NAMES);
        return node;
    }

    @Test
    void pastTheCapANewSessionIsRefusedWithRetryAfterAndAClosedOneFreesItsPlace() throws Exception {
        start(new McpSessionBounds(3, Duration.ofMinutes(30), 64 * 1024));
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sessions.add(open());
        }
        HttpResponse<String> full = post(null, INITIALIZE.formatted(""));
        assertThat(full.statusCode()).isEqualTo(503);
        assertThat(full.headers().firstValue("Retry-After")).contains("60");
        assertThat(error(full).at("/error/message").asText())
                .contains("IMG2IMG_MAX_MCP_SESSIONS")
                .contains("3 MCP sessions");
        for (String session : sessions) {
            assertThat(ping(session).statusCode())
                    .as("the open sessions still work")
                    .isEqualTo(200);
        }
        HttpResponse<String> deleted = http.send(
                HttpRequest.newBuilder(URI.create(mcp))
                        .header("Mcp-Session-Id", sessions.get(0))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(200);
        open();
        assertThat(post(null, INITIALIZE.formatted("")).statusCode()).isEqualTo(503);
    }

    @Test
    void aSessionIdleLongerThanTheBoundIsClosedAnswers404AndGivesBackItsPlace() throws Exception {
        start(new McpSessionBounds(2, Duration.ofMinutes(30), 64 * 1024));
        String idle = open();
        String busy = open();
        clock.addAndGet(Duration.ofMinutes(20).toNanos());
        assertThat(ping(busy).statusCode()).isEqualTo(200);
        clock.addAndGet(Duration.ofMinutes(11).toNanos()); // idle: 31 minutes; busy: 11
        assertThat(ping(busy).statusCode()).as("a session in use stays").isEqualTo(200);
        HttpResponse<String> expired = ping(idle);
        assertThat(expired.statusCode())
                .as("the MCP specification's 'start a new session'")
                .isEqualTo(404);
        error(expired);
        String fresh = open();
        assertThat(ping(fresh).statusCode()).isEqualTo(200);
    }

    @Test
    void aLargeInitializeIsRefusedBeforeAnythingIsKept() throws Exception {
        start(new McpSessionBounds(2, Duration.ofMinutes(30), 64 * 1024));
        String pad = "\"experimental\":{\"pad\":{\"x\":\"" + "a".repeat(100_000) + "\"}}";
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> fat = post(null, INITIALIZE.formatted(pad));
            assertThat(fat.statusCode()).isEqualTo(413);
            assertThat(fat.headers().firstValue("Mcp-Session-Id")).isEmpty();
            assertThat(error(fat).at("/error/message").asText())
                    .contains("initialize")
                    .contains("65536 bytes");
        }
        open();
        open();
    }

    @Test
    void toolsCallWithArgumentsThatAreNoObjectIsAnsweredWithAJsonRpcErrorNamingTheRule() throws Exception {
        start(McpSessionBounds.defaults());
        String session = open();
        for (String arguments : List.of("\"x\"", "[1,2]", "5", "true")) {
            HttpResponse<String> r = post(
                    session,
                    "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":"
                            + "{\"name\":\"post-img2img-inferences\",\"arguments\":" + arguments + "}}");
            assertThat(r.statusCode()).as(arguments).isBetween(400, 499);
            JsonNode e = error(r);
            assertThat(e.at("/error/code").asInt()).isEqualTo(-32602);
            assertThat(e.at("/error/message").asText()).contains("arguments must be a JSON object");
            assertThat(e.get("id").asInt()).as("the answer names the request").isEqualTo(41);
        }
        HttpResponse<String> params =
                post(session, "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":\"x\"}");
        assertThat(error(params).at("/error/message").asText()).contains("params must be a JSON object");
        HttpResponse<String> uri =
                post(session, "{\"jsonrpc\":\"2.0\",\"id\":43,\"method\":\"resources/read\",\"params\":{\"uri\":{}}}");
        assertThat(error(uri).at("/error/message").asText()).contains("resources/read");
        HttpResponse<String> notRpc = post(session, "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":5}");
        assertThat(notRpc.statusCode()).isBetween(400, 499);
        error(notRpc);
        assertThat(ping(session).statusCode()).as("the session goes on").isEqualTo(200);
        assertThat(fixture.ports.generateCalls).as("no call reached the port").isEmpty();
    }

    @Test
    void jsonIsBoundedWhileItIsReadAndAnUnrelatedCallIsStillAnswered() throws Exception {
        start(McpSessionBounds.defaults());
        String session = open();
        HttpResponse<String> brackets = post(session, "[".repeat(5_000_000));
        assertThat(brackets.statusCode()).isEqualTo(400);
        assertThat(error(brackets).at("/error/message").asText()).contains("not a JSON-RPC 2.0");
        HttpResponse<String> deep = post(
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":" + "[".repeat(5_000_000));
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(error(deep).at("/error/message").asText())
                .contains("bound on JSON")
                .contains("nested at most 64");
        StringBuilder many = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"params\":{\"x\":[");
        for (int i = 0; i < 200_000; i++) {
            many.append(i == 0 ? "[]" : ",[]");
        }
        many.append("]}}");
        HttpResponse<String> wide = post(session, many.toString());
        assertThat(wide.statusCode()).isEqualTo(400);
        assertThat(error(wide).at("/error/message").asText())
                .contains("bound on JSON")
                .contains("100000");
        HttpResponse<String> initBomb = post(null, "[".repeat(60_000));
        assertThat(initBomb.statusCode()).isEqualTo(400);
        error(initBomb);
        assertThat(ping(session).statusCode()).isEqualTo(200);
    }

    @Test
    void aSessionsPlaceIsGivenBackWhenItsInitializeFails() throws Exception {
        start(new McpSessionBounds(1, Duration.ofMinutes(30), 64 * 1024));
        for (int i = 0; i < 3; i++) {
            assertThat(post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":\"x\"}")
                            .statusCode())
                    .isBetween(400, 499);
        }
        open();
    }
}
