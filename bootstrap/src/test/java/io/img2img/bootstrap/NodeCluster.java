package io.img2img.bootstrap;

import io.img2img.adapter.ledger.testkit.PostgresTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Three {@code serve} processes of the fat jar on one PostgreSQL database of their own, behind haproxy running
 * {@code deploy/haproxy.cfg}: each node set up as {@code deploy/README.md} says (the database settings, the same
 * token, the balancer's URL as its public URL).
 */
final class NodeCluster implements AutoCloseable {
    static final String TOKEN = "cluster-token-4b1d";

    final PostgresTestServer.Settings server;
    final String database;
    final List<ServeProcess> nodes = new ArrayList<>();
    final Balancer balancer;

    private NodeCluster(
            PostgresTestServer.Settings server, String database, List<ServeProcess> nodes, Balancer balancer) {
        this.server = server;
        this.database = database;
        this.nodes.addAll(nodes);
        this.balancer = balancer;
    }

    /** The nodes' environment on a new database: {@code pairs} add the backend and its settings. */
    static NodeCluster start(Path dir, String... pairs) throws Exception {
        Path haproxy = Balancer.require();
        PostgresTestServer.Settings server = PostgresTestServer.require();
        String database = server.createDatabase();
        int port = Balancer.freePort();
        Map<String, String> env = nodeEnv(server, database, dir, "http://127.0.0.1:" + port, pairs);
        List<CompletableFuture<ServeProcess>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            starting.add(CompletableFuture.supplyAsync(() -> startNode(env)));
        }
        List<ServeProcess> nodes =
                starting.stream().map(CompletableFuture::join).toList();
        return new NodeCluster(server, database, nodes, Balancer.start(haproxy, port, nodes));
    }

    static Map<String, String> nodeEnv(
            PostgresTestServer.Settings server, String database, Path dir, String publicUrl, String... pairs)
            throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("IMG2IMG_DATABASE_URL", server.urlOf(database));
        env.put("IMG2IMG_DATABASE_USER", server.user());
        env.put("IMG2IMG_DATABASE_PASSWORD", server.password());
        env.put("IMG2IMG_API_TOKEN", TOKEN);
        env.put("IMG2IMG_PUBLIC_URL", publicUrl);
        env.put(
                "IMG2IMG_OUTPUT_DIR",
                Files.createDirectories(dir.resolve("outputs")).toString());
        // behind the balancer every client has the balancer's address: one client, whose share is the whole queue
        env.put("IMG2IMG_MAX_QUEUED_JOBS_PER_CLIENT", "64");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static ServeProcess startNode(Map<String, String> env) {
        try {
            return ServeProcess.start(env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    ServeProcess node(int index) {
        return nodes.get(index);
    }

    String lb(String path) {
        return balancer.url(path);
    }

    Connection connect() throws Exception {
        return server.connect(database);
    }

    @Override
    public void close() throws Exception {
        try {
            balancer.close();
            for (ServeProcess node : nodes) {
                node.close();
            }
        } finally {
            server.dropDatabase(database);
        }
    }
}
