package io.img2img.adapter.ledger;

import io.img2img.adapter.ledger.testkit.PostgresTestServer;
import io.img2img.application.port.out.Acceptance;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Another process on the same ledger, for tests: says "ready" once its JVM is up, waits for a line on stdin so
 * that several start at the same moment, then opens the ledger (migrating it on first use), accepts one keyed job
 * and prints the outcome. Arguments: the database URL, the key, the holder; PostgreSQL's credentials come from
 * the test server's environment variables.
 */
public final class LedgerProcess {
    private LedgerProcess() {}

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        LedgerSettings settings = LedgerSettings.of(args[0], 30)
                .withCredentials(System.getenv(PostgresTestServer.USER), System.getenv(PostgresTestServer.PASSWORD))
                // a cold JVM's first connection on a loaded 2-core machine can take more than the 5 s default (seen
                // in CI); this process tests concurrent first migrations, not how fast a connection is made
                .withBusyTimeout(Duration.ofSeconds(30));
        try (SqlJobLedger ledger = new SqlJobLedger(settings)) {
            Acceptance acceptance = ledger.accept(TestLedgers.keyed(args[1], "fp", args[2]));
            System.out.println("outcome " + acceptance.outcome());
        }
    }
}
