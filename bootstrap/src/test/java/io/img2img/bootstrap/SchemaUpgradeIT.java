package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.adapter.ledger.testkit.PostgresTestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling upgrades on PostgreSQL (SPEC §10): this jar keeps working on a schema a newer img2img migrated
 * additively, and refuses, naming the version it needs, once a migration raises the oldest usable version. The
 * later migrations live in this module's test resources (V900+).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SchemaUpgradeIT {
    @TempDir
    Path dir;

    private PostgresTestServer.Settings server;
    private String database;

    @BeforeEach
    void createDatabase() throws Exception {
        server = PostgresTestServer.require();
        database = server.createDatabase();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (database != null) {
            server.dropDatabase(database);
        }
    }

    private Map<String, String> env(String... more) throws Exception {
        return NodeCluster.nodeEnv(server, database, dir, "http://127.0.0.1:8080", more);
    }

    private void migrateAsANewerRelease(String... laterFolders) {
        String[] locations = new String[laterFolders.length + 1];
        locations[0] = "classpath:db/migration/postgresql";
        for (int i = 0; i < laterFolders.length; i++) {
            locations[i + 1] = "classpath:db/" + laterFolders[i];
        }
        Flyway.configure()
                .dataSource(server.urlOf(database), server.user(), server.password())
                .locations(locations)
                .load()
                .migrate();
    }

    private static HttpResponse<String> generate(ServeProcess node) throws Exception {
        return NodesIT.post(
                node.url(NodesIT.GENERATE),
                body("numSamples", 1, "width", 128, "height", 128, "seed", 7),
                "Prefer",
                "wait=30");
    }

    @Test
    void thisJarKeepsWorkingOnAnAdditiveLaterSchemaAndRefusesOneThatNeedsANewerVersionNamingIt() throws Exception {
        migrateAsANewerRelease("nodes-additive");
        try (ServeProcess node = ServeProcess.start(env("IMG2IMG_BACKEND", "local"))) {
            HttpResponse<String> r = generate(node);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).get("status").asText()).isEqualTo("success");
        }

        migrateAsANewerRelease("nodes-additive", "nodes-raise");
        try (ServeProcess node = ServeProcess.start(env("IMG2IMG_BACKEND", "local"))) {
            HttpResponse<String> r = generate(node);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            JsonNode error = json(r);
            assertThat(error.get("code").asText()).isEqualTo("ledger-unavailable");
            assertThat(error.toString())
                    .contains("needs img2img 99.0.0 or newer")
                    .contains("nothing was submitted");
        }
    }
}
