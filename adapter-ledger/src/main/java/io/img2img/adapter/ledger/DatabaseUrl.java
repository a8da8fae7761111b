package io.img2img.adapter.ledger;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reading {@code IMG2IMG_DATABASE_URL}: a password in it is refused (it would show in process lists and
 * logs), and a SQLite URL names a file whose leading {@code ~} is the user's home on every platform (MCP
 * clients pass environment values without a shell). Messages never repeat the URL, which may hold a secret.
 */
final class DatabaseUrl {
    static final String SQLITE_PREFIX = "jdbc:sqlite:";
    static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)[?&;]\\s*password\\s*=");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("//[^/?#@]*:[^/?#@]*@");

    private DatabaseUrl() {}

    static void refusePassword(String url) {
        if (PASSWORD_PARAMETER.matcher(url).find()
                || USER_INFO_PASSWORD.matcher(url).find()) {
            throw new IllegalArgumentException(
                    "IMG2IMG_DATABASE_URL must not carry a password (a password= parameter or "
                            + "user:password@); set IMG2IMG_DATABASE_PASSWORD in the environment instead");
        }
    }

    /** A SQLite ledger file: its absolute path and the driver parameters after {@code ?} ("" when none). */
    record SqliteFile(Path path, String parameters) {
        String jdbcUrl() {
            return SQLITE_PREFIX + path + (parameters.isEmpty() ? "" : "?" + parameters);
        }
    }

    static SqliteFile sqliteFile(String url, String home) {
        if (!url.toLowerCase(Locale.ROOT).startsWith(SQLITE_PREFIX)) {
            throw new IllegalArgumentException(
                    "IMG2IMG_DATABASE_URL must start with " + SQLITE_PREFIX + " or " + POSTGRES_PREFIX);
        }
        String rest = url.substring(SQLITE_PREFIX.length());
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        String parameters = query < 0 ? "" : rest.substring(query + 1);
        if (file.isBlank() || file.startsWith(":") || file.startsWith("file:")) {
            throw new IllegalArgumentException("IMG2IMG_DATABASE_URL must name a SQLite file by its path, "
                    + "e.g. jdbc:sqlite:~/.img2img/img2img.db");
        }
        return new SqliteFile(expandHome(file, home).toAbsolutePath().normalize(), parameters);
    }

    static boolean isPostgres(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith(POSTGRES_PREFIX);
    }

    /**
     * A PostgreSQL URL as it may be shown in messages: without its parameters and without any user part
     * ({@code jdbc:postgresql://db.example:5432/img2img}).
     */
    static String postgresName(String url) {
        int query = url.indexOf('?');
        String bare = query < 0 ? url : url.substring(0, query);
        return bare.replaceFirst("//[^/@]*@", "//");
    }

    static Path expandHome(String path, String home) {
        if (path.equals("~")) {
            return Path.of(home);
        }
        if (path.startsWith("~/") || path.startsWith("~\\")) {
            return Path.of(home, path.substring(2));
        }
        return Path.of(path);
    }
}
