package io.img2img.adapter.ledger;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * A ledger test class run once per engine ({@code @ParameterizedClass @EnumSource(TestDatabase.Engine.class)} on
 * the subclass): each test gets a database of its own, a fresh SQLite file or a fresh PostgreSQL database.
 */
abstract class BothEngines {
    @Parameter
    TestDatabase.Engine engine;

    @TempDir
    Path folder;

    TestDatabase db;

    @BeforeEach
    void createDatabase() throws Exception {
        db = engine.create(folder);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }
}
