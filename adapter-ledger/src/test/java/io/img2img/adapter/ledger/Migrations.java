package io.img2img.adapter.ledger;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The SQLite migrations on the test class path (a folder during tests), to compare a schema's history with. */
final class Migrations {
    private Migrations() {}

    /** The highest version among {@code db/migration/sqlite/V<n>__*.sql}. */
    static int latest() throws IOException, URISyntaxException {
        Path folder =
                Path.of(Migrations.class.getResource("/db/migration/sqlite").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max()
                    .orElseThrow();
        }
    }
}
