package io.img2img.bootstrap;

import io.img2img.application.testkit.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's haproxy running {@code deploy/haproxy.cfg} itself, the recipe users get, its addresses filled in
 * through the environment the file reads. Without haproxy a test fails when {@code CI} is set and is skipped
 * with a printed reason otherwise.
 */
final class Balancer implements AutoCloseable {
    static final Path CONFIG = Processes.ROOT.resolve("deploy/haproxy.cfg");

    final String base;
    private final Process process;

    private Balancer(String base, Process process) {
        this.base = base;
        this.process = process;
    }

    /** The haproxy program, or the test fails (on CI) or is skipped, saying why. */
    static Path require() {
        Optional<Path> found = Stream.concat(
                        Stream.of("/usr/sbin", "/usr/local/sbin"),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")))
                .map(dir -> Path.of(dir, "haproxy"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String reason = "no haproxy for the multi-node tests (install Debian's haproxy; .ci/run does)";
            if (System.getenv("CI") != null) {
                Assertions.fail(reason + "; CI is set, so this test fails instead of being skipped");
            }
            System.err.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        return found.get();
    }

    /** A free port for the balancer, chosen before the nodes start (their IMG2IMG_PUBLIC_URL names it). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** haproxy on {@code port} in front of the three nodes, once every node passes its health check. */
    static Balancer start(Path haproxy, int port, List<ServeProcess> nodes) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(haproxy.toString(), "-db", "-f", CONFIG.toString());
        pb.environment().put("IMG2IMG_LB_BIND", "127.0.0.1:" + port);
        for (int i = 0; i < nodes.size(); i++) {
            pb.environment()
                    .put("IMG2IMG_NODE" + (i + 1), URI.create(nodes.get(i).base).getAuthority());
        }
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Balancer balancer = new Balancer("http://127.0.0.1:" + port, pb.start());
        Await.until(balancer::healthyRoundTrip, up -> up || !balancer.process.isAlive(), Duration.ofSeconds(20));
        if (!balancer.process.isAlive()) {
            throw new AssertionError("haproxy did not start with " + CONFIG + " (try: haproxy -c -f " + CONFIG + ")");
        }
        return balancer;
    }

    /** Three health answers in a row through the balancer: every node is up behind it. */
    private boolean healthyRoundTrip() {
        try {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = HttpCalls.get(url("/health"));
                if (r.statusCode() != 200) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    String url(String path) {
        return base + path;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
