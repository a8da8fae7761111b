package io.img2img.adapter.ledger.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL server the tests use, as {@code .ci/start-postgres} sets it up: {@code IMG2IMG_TEST_PG_URL}
 * (a JDBC URL of a database the role may connect to, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}),
 * {@code IMG2IMG_TEST_PG_USER} (a role with CREATEDB) and {@code IMG2IMG_TEST_PG_PASSWORD}. Without them a test
 * that needs the server fails when {@code CI} is set, and is skipped with a printed reason otherwise. Shared with
 * the bootstrap's tests (a test-jar), whose nodes share one database.
 */
public final class PostgresTestServer {
    public static final String URL = "IMG2IMG_TEST_PG_URL";
    public static final String USER = "IMG2IMG_TEST_PG_USER";
    public static final String PASSWORD = "IMG2IMG_TEST_PG_PASSWORD";

    private PostgresTestServer() {}

    /** The server's settings, or the test fails (on CI) or is skipped, saying why. */
    public static PostgresTestServer.Settings require() {
        String url = System.getenv(URL);
        String user = System.getenv(USER);
        String password = System.getenv(PASSWORD);
        if (url == null || url.isBlank() || user == null || user.isBlank() || password == null) {
            String reason = "no PostgreSQL server for the tests: " + URL + ", " + USER + " and " + PASSWORD
                    + " are not all set (run: source .ci/start-postgres)";
            if (System.getenv("CI") != null) {
                Assertions.fail(reason + "; CI is set, so this test fails instead of being skipped");
            }
            System.err.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        return new Settings(url, user, password);
    }

    public record Settings(String url, String user, String password) {
        public Connection connect(String database) throws SQLException {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            return DriverManager.getConnection(urlOf(database), properties);
        }

        /** The server's URL naming another database (its parameters kept). */
        public String urlOf(String database) {
            int query = url.indexOf('?');
            String bare = query < 0 ? url : url.substring(0, query);
            return bare.substring(0, bare.lastIndexOf('/') + 1) + database + (query < 0 ? "" : url.substring(query));
        }

        /** A new empty database for one test, owned by the test role. */
        public String createDatabase() throws SQLException {
            String name = "img2img_test_"
                    + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
            try (Connection maintenance = DriverManager.getConnection(url, credentials());
                    Statement statement = maintenance.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            return name;
        }

        /**
         * Drops the test's database, closing whatever connections to it are still open. The server's autovacuum
         * worker may be in it at that moment, and the test role may not end a superuser's process (SQLState 42501):
         * the worker is done within moments, so the drop is tried again for a few seconds.
         */
        public void dropDatabase(String name) throws SQLException {
            for (int attempt = 1; ; attempt++) {
                try (Connection maintenance = DriverManager.getConnection(url, credentials());
                        Statement statement = maintenance.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                    return;
                } catch (SQLException e) {
                    if (!"42501".equals(e.getSQLState()) || attempt == 50) {
                        throw e;
                    }
                }
                try {
                    Thread.sleep(100); // a pause between attempts of a retry, not a wait for an event
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while dropping " + name, e);
                }
            }
        }

        private Properties credentials() {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            return properties;
        }
    }
}
