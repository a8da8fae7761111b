package io.img2img.bootstrap;

import io.img2img.application.testkit.Await;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * {@code img2img mcp} from the fat jar, spawned by the SDK's own stdio client as an MCP host does. The
 * jar runs under {@code sh -c 'exec java … | tee -p FILE'}, so that every byte it writes to stdout
 * is also kept in a file for the suite to check afterwards; {@code -p} keeps tee writing the file when
 * the client stops reading. A marker property finds the java process among our descendants.
 */
final class McpStdioProcess implements AutoCloseable {
    final McpSyncClient client;
    final Path stdoutCopy;
    final List<String> stderr = new CopyOnWriteArrayList<>();
    final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    private final String marker = "-Dimg2img.it.session=" + UUID.randomUUID();
    private final AtomicInteger requests = new AtomicInteger(1); // initialize
    private final List<ProcessHandle> processes;
    private boolean closed;

    /** Starts the server with only the given IMG2IMG_* variables (none inherited) and initializes the client. */
    McpStdioProcess(Path stdoutCopy, Map<String, String> env) {
        this.stdoutCopy = stdoutCopy;
        List<String> java = new ArrayList<>(Processes.java("mcp"));
        java.add(1, marker);
        String script = "exec " + java.stream().map(McpStdioProcess::quote).collect(Collectors.joining(" "))
                + " | tee -p " + quote(stdoutCopy.toString());
        ServerParameters params = ServerParameters.builder("/bin/sh")
                .args("-c", script)
                .env(TempLedger.with(env))
                .build();
        StdioClientTransport transport = new StdioClientTransport(params, McpTestSupport.MAPPER) {
            @Override
            protected ProcessBuilder getProcessBuilder() {
                ProcessBuilder pb = new ProcessBuilder();
                // the suite decides the configuration: nothing from the developer's own environment
                pb.environment().keySet().removeIf(k -> k.startsWith("IMG2IMG_") || k.startsWith("SCENARIO_"));
                return pb;
            }
        };
        transport.setStdErrorHandler(stderr::add);
        client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress::add)
                .build();
        client.initialize();
        ProcessHandle shell = server().parent().orElseThrow();
        List<ProcessHandle> ours = new ArrayList<>(shell.children().toList());
        ours.add(shell);
        processes = List.copyOf(ours);
    }

    /** The number of requests sent through the methods below: each must have its answer on stdout. */
    int requests() {
        return requests.get();
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> args, Object progressToken) {
        requests.incrementAndGet();
        return McpTestSupport.call(client, tool, args, progressToken);
    }

    List<McpSchema.Tool> listTools() {
        requests.incrementAndGet();
        return client.listTools().tools();
    }

    McpSchema.ReadResourceResult read(String uri) {
        requests.incrementAndGet();
        return client.readResource(McpSchema.ReadResourceRequest.builder(uri).build());
    }

    void ping() {
        requests.incrementAndGet();
        client.ping();
    }

    /** The java process of {@code img2img mcp} (not the shell, not tee). */
    ProcessHandle server() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info()
                        .arguments()
                        .map(a -> Arrays.asList(a).contains(marker))
                        .orElse(false))
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError("the img2img mcp process is gone; stderr:\n" + String.join("\n", stderr)));
    }

    /** The lines written to stdout so far (a last line still being written is left out). */
    List<String> stdoutLines() throws IOException {
        String all = Files.readString(stdoutCopy, StandardCharsets.UTF_8);
        int end = all.lastIndexOf('\n');
        return end < 0 ? List.of() : Arrays.asList(all.substring(0, end).split("\n", -1));
    }

    /** Waits until a line of stdout satisfies the test; tee writes the file just after the pipe. */
    List<String> awaitStdout(java.util.function.Predicate<String> line) throws Exception {
        return Await.until(this::stdoutLines, lines -> lines.stream().anyMatch(line), java.time.Duration.ofSeconds(10));
    }

    /** Closes the client (which ends stdin) and waits for the server, tee and the shell to exit. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> ours =
                processes.stream().filter(ProcessHandle::isAlive).toList();
        client.closeGracefully();
        for (ProcessHandle p : ours) {
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                p.destroyForcibly();
                throw new AssertionError(
                        "process " + p.pid() + " " + p.info().command().orElse("")
                                + " did not exit after stdin closed; stderr:\n" + String.join("\n", stderr));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for process " + p.pid(), e);
            } catch (ExecutionException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
