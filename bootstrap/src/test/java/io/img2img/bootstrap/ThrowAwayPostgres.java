package io.img2img.bootstrap;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster made for one fault test and thrown away after it: {@code initdb} in a temporary folder, run
 * as the {@code postgres} user when the test runs as root (PostgreSQL refuses root), listening on 127.0.0.1 at a
 * free port, with trust authentication (nothing but this machine reaches it, and it lives for one test). It can
 * be stopped, started, restarted and paused (SIGSTOP of all its processes) without touching the server the other
 * tests share. Without PostgreSQL's binaries the test fails when {@code CI} is set and is skipped, saying why,
 * elsewhere.
 */
final class ThrowAwayPostgres implements AutoCloseable {
    static final String USER = "postgres";
    static final String DATABASE = "img2img";

    private final Path bin;
    private final Path dir;
    private final Path data;
    final int port;
    private final List<Long> paused = new ArrayList<>();

    private ThrowAwayPostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** A new cluster, running, with an empty database {@value #DATABASE}. */
    static ThrowAwayPostgres start() throws Exception {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("img2img-pg-");
        ThrowAwayPostgres pg = new ThrowAwayPostgres(bin, dir, freePort());
        try {
            pg.asOwner("chown", "-R", USER, dir.toString());
            pg.run(
                    pg.asPostgres(
                            bin.resolve("initdb").toString(),
                            "-D",
                            pg.data.toString(),
                            "-U",
                            USER,
                            "--auth=trust",
                            "--no-sync",
                            "-E",
                            "UTF8",
                            "--locale=C"),
                    120);
            Files.writeString(
                    pg.data.resolve("postgresql.auto.conf"),
                    "listen_addresses = '127.0.0.1'\nport = "
                            + pg.port + "\nunix_socket_directories = '" + dir + "'\nmax_connections = 60\n"
                            + "synchronous_commit = on\n",
                    java.nio.file.StandardOpenOption.APPEND);
            pg.startServer();
            try (Connection c = pg.connect("postgres")) {
                c.createStatement().execute("CREATE DATABASE " + DATABASE);
            }
            return pg;
        } catch (Exception | AssertionError e) {
            pg.close();
            throw e;
        }
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    Connection connect() throws SQLException {
        return connect(DATABASE);
    }

    private Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "30");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    void startServer() throws Exception {
        run(
                asPostgres(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-l",
                        dir.resolve("server.log").toString(),
                        "-w",
                        "-t",
                        "60",
                        "start"),
                90);
    }

    /** A clean, fast stop: every session ended. */
    void stopServer() throws Exception {
        run(
                asPostgres(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        "60",
                        "stop"),
                90);
    }

    void restart() throws Exception {
        run(
                asPostgres(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-l",
                        dir.resolve("server.log").toString(),
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        "60",
                        "restart"),
                120);
    }

    /**
     * SIGSTOP of the server and every process of it: connections stay open, nothing answers. The postmaster first,
     * so it forks no new backend while its children are being stopped.
     */
    synchronized void pause() throws Exception {
        long postmaster = Long.parseLong(
                Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        signal("-STOP", List.of(postmaster));
        paused.add(postmaster);
        Path stat = Path.of("/proc", String.valueOf(postmaster), "stat");
        if (Files.exists(stat)
                && !stopped(io.img2img.application.testkit.Await.until(
                        () -> Files.readString(stat), ThrowAwayPostgres::stopped, java.time.Duration.ofSeconds(5)))) {
            throw new AssertionError("the server " + postmaster + " did not stop on SIGSTOP");
        }
        List<Long> children = new ArrayList<>();
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> children.add(d.pid())));
        signal("-STOP", children);
        paused.addAll(children);
    }

    /** The state field of /proc/PID/stat (after the command's closing parenthesis) is T: stopped. */
    private static boolean stopped(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
    }

    synchronized void resume() throws Exception {
        if (!paused.isEmpty()) {
            signal("-CONT", paused);
            paused.clear();
        }
    }

    /** A process that ended meanwhile (a backend on its way out) is not an error: kill signals all the others. */
    private void signal(String signal, List<Long> pids) throws Exception {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(p -> command.add(String.valueOf(p)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
    }

    @Override
    public void close() throws Exception {
        try {
            resume();
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(
                        asPostgres(
                                bin.resolve("pg_ctl").toString(),
                                "-D",
                                data.toString(),
                                "-m",
                                "immediate",
                                "-w",
                                "stop"),
                        60);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The newest installed PostgreSQL's programs, or the test fails (CI) or is skipped saying why. */
    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        Path bin = null;
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                bin = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(
                                b -> versionOf(b.getParent().getFileName().toString())))
                        .orElse(null);
            }
        }
        if (bin == null) {
            String reason =
                    "no PostgreSQL binaries (initdb, pg_ctl) under /usr/lib/postgresql for a throw-away cluster "
                            + "(Debian's postgresql package; .ci/start-postgres installs it)";
            if (System.getenv("CI") != null) {
                Assertions.fail(reason + "; CI is set, so this test fails instead of being skipped");
            }
            System.err.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        return bin;
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command as the cluster's owner: {@code postgres} when this test runs as root (PostgreSQL refuses root). */
    private List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (root()) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    /** chown to {@code postgres} only matters (and only works) as root. */
    private void asOwner(String... command) throws Exception {
        if (root()) {
            run(List.of(command), 30);
        }
    }

    private void run(List<String> command, long timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes(); // pg_ctl's own output is short; the server's goes to its log
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
            throw new AssertionError(command + " failed: " + new String(out) + "\nserver log:\n"
                    + log.substring(Math.max(0, log.length() - 4000)));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
