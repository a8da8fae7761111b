package io.img2img.adapter.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The client end of an in-process stdio connection: newline-delimited JSON-RPC over two pipes, as the
 * SDK's StdioClientTransport does over a child process. Keeps every line the server wrote.
 */
final class PipedClientTransport implements McpClientTransport {
    private final McpJsonMapper json;
    private final InputStream fromServer;
    private final OutputStream toServer;
    final List<String> serverLines = new CopyOnWriteArrayList<>();
    private Thread reader;

    PipedClientTransport(McpJsonMapper json, InputStream fromServer, OutputStream toServer) {
        this.json = json;
        this.fromServer = fromServer;
        this.toServer = toServer;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> {
            reader = new Thread(
                    () -> {
                        try (BufferedReader lines =
                                new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = lines.readLine()) != null) {
                                serverLines.add(line);
                                McpSchema.JSONRPCMessage message = McpSchema.deserializeJsonRpcMessage(json, line);
                                Mono.just(message).transform(handler).subscribe();
                            }
                        } catch (IOException e) {
                            // the server went away
                        }
                    },
                    "piped-client-reader");
            reader.setDaemon(true);
            reader.start();
        });
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.fromRunnable(() -> {
            try {
                byte[] line = (json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
                synchronized (toServer) {
                    toServer.write(line);
                    toServer.flush();
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot write to the server", e);
            }
        });
    }

    /** Closes the server's stdin, as a client process does when it quits. */
    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            try {
                toServer.close();
            } catch (IOException e) {
                // already closed
            }
        });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return json.convertValue(data, typeRef);
    }
}
