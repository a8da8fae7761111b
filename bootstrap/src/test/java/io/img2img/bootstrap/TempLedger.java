package io.img2img.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Every test that builds the object graph or runs the jar gets a job ledger of its own: never ~/.img2img. */
final class TempLedger {
    static final String VARIABLE = "IMG2IMG_DATABASE_URL";

    private TempLedger() {}

    /** A SQLite URL naming a new file in a new temporary folder. */
    static String url() {
        try {
            return "jdbc:sqlite:"
                    + Files.createTempDirectory("img2img-test-ledger").resolve("img2img.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String url(Path folder) {
        return "jdbc:sqlite:" + folder.resolve("img2img.db");
    }

    /** The environment with a ledger of its own unless it names one already. */
    static Map<String, String> with(Map<String, String> env) {
        Map<String, String> copy = new HashMap<>(env);
        copy.putIfAbsent(VARIABLE, url());
        return copy;
    }
}
