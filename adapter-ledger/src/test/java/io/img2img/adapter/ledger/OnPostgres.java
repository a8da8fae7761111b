package io.img2img.adapter.ledger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test class for what only PostgreSQL has: each test gets a database of its own on the real server, dropped
 * after it (the test fails on CI without a server, and is skipped with a printed reason elsewhere).
 */
abstract class OnPostgres {
    TestDatabase.PostgresDatabase db;

    @BeforeEach
    void createDatabase() throws Exception {
        db = new TestDatabase.PostgresDatabase();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }
}
