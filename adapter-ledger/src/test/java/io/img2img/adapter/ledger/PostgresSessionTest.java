package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.testkit.Await;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Review F3 and F9 on a database of the test's own: the server's durability checked before the ledger is used,
 * every connection bounded, and a listener that went deaf without being told noticed and made again.
 */
class PostgresSessionTest extends OnPostgres {

    @Test
    void everyPooledConnectionCarriesTheServerAndSocketTimeouts() throws Exception {
        PostgresOpener opener = new PostgresOpener(db.settings(), CodeVersion.current());
        try (opener;
                Connection connection = opener.acquire()) {
            assertThat(show(connection, "statement_timeout")).isEqualTo("30s");
            assertThat(show(connection, "lock_timeout")).isEqualTo("15s");
            assertThat(show(connection, "idle_in_transaction_session_timeout")).isEqualTo("30s");
            assertThat(connection.getNetworkTimeout())
                    .isEqualTo((int) PostgresSession.SOCKET_TIMEOUT.toMillis())
                    .isGreaterThan((int) PostgresSession.STATEMENT_TIMEOUT.toMillis());
            assertThat(opener.pool().getKeepaliveTime()).isEqualTo(PostgresSession.KEEPALIVE.toMillis());
        }
    }

    @Test
    void aServerThatMayLoseAcknowledgedCommitsIsRefusedNamingTheSettingUnlessExplicitlyAllowed() throws Exception {
        for (String risky : new String[] {"off", "local"}) {
            try (var raw = db.raw()) {
                raw.update("ALTER DATABASE " + db.name + " SET synchronous_commit = " + risky);
            }
            try (SqlJobLedger ledger = new SqlJobLedger(db.settings())) {
                assertThatThrownBy(ledger::changeCount)
                        .isInstanceOf(LedgerUnavailableException.class)
                        .hasMessageContaining("synchronous_commit is " + risky)
                        .hasMessageContaining("IMG2IMG_ALLOW_ASYNC_COMMIT=true");
            }
            if (risky.equals("off")) { // the first round: the database is still empty
                try (var raw = db.raw()) {
                    assertThat(raw.number("SELECT COUNT(*) FROM pg_tables WHERE tablename = 'jobs'"))
                            .as("nothing written to a refused database")
                            .isZero();
                }
            }
            try (SqlJobLedger ledger = new SqlJobLedger(db.settings().withAsyncCommitAllowed(true))) {
                assertThat(ledger.changeCount()).isNotNegative();
            }
        }
        try (var raw = db.raw()) {
            raw.update("ALTER DATABASE " + db.name + " SET synchronous_commit = on");
        }
        try (SqlJobLedger ledger = new SqlJobLedger(db.settings())) {
            assertThat(ledger.changeCount()).isNotNegative();
        }
    }

    @Test
    void aListenerWhoseConnectionWentSilentIsFoundDeafListensAgainAndAnnouncesAFreshRead() throws Exception {
        URI direct = URI.create(db.url().substring("jdbc:".length()));
        try (FreezingProxy proxy = new FreezingProxy(direct.getHost(), direct.getPort() < 0 ? 5432 : direct.getPort());
                SqlJobLedger writer = db.open()) {
            String throughProxy = db.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
            PostgresOpener opener = new PostgresOpener(
                    LedgerSettings.of(throughProxy, 30).withCredentials(db.server.user(), db.server.password()),
                    CodeVersion.current());
            BlockingQueue<Long> wakes = new LinkedBlockingQueue<>();
            writer.changeCount(); // the schema made: the listener's LISTEN finds its channel's writers ready
            try (ChangeListener listener = new ChangeListener(
                    opener, () -> wakes.add(System.nanoTime()), Duration.ofSeconds(1), Duration.ofSeconds(1))) {
                listener.start();
                try (var raw = db.raw()) { // until its LISTEN ran (seen from the server's side)
                    assertThat(Await.until(
                                    () -> raw.number("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
                                            + "current_database() AND application_name = '"
                                            + ChangeListener.APPLICATION_NAME
                                            + "' AND query LIKE 'LISTEN %'"),
                                    n -> n == 1,
                                    Duration.ofSeconds(10)))
                            .isEqualTo(1);
                }
                writer.accept(TestLedgers.queued(TestLedgers.LOCAL));
                assertThat(wakes.poll(5, TimeUnit.SECONDS))
                        .as("listening through the proxy")
                        .isNotNull();
                // a second announcement of that write, if any, arrives before the freeze: drain until 300 ms pass
                // with none (an absence can only be waited for with a bound)
                while (wakes.poll(300, TimeUnit.MILLISECONDS) != null) {
                    // drained
                }

                proxy.freezeOpenConnections();
                writer.accept(TestLedgers.queued(TestLedgers.LOCAL)); // its NOTIFY is held by the silent connection

                assertThat(wakes.poll(15, TimeUnit.SECONDS))
                        .as("found deaf, listening again, a fresh read announced")
                        .isNotNull();
                wakes.clear();
                writer.accept(TestLedgers.queued(TestLedgers.LOCAL));
                assertThat(wakes.poll(5, TimeUnit.SECONDS))
                        .as("the new connection hears writes")
                        .isNotNull();
            }
        }
    }

    private static String show(Connection connection, String setting) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW " + setting)) {
            row.next();
            return row.getString(1);
        }
    }
}
