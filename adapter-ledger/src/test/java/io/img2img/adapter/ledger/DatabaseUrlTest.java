package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** SPEC §7 {@code IMG2IMG_DATABASE_URL}: the engine is chosen by the URL, and a URL is shown without its parameters. */
class DatabaseUrlTest {
    @Test
    void theEngineIsChosenByTheUrl() {
        assertThat(DatabaseUrl.isPostgres("jdbc:postgresql://db.example:5432/img2img"))
                .isTrue();
        assertThat(DatabaseUrl.isPostgres("JDBC:PostgreSQL://db.example/img2img"))
                .isTrue();
        assertThat(DatabaseUrl.isPostgres(LedgerSettings.DEFAULT_URL)).isFalse();
        assertThatThrownBy(() -> DatabaseUrl.sqliteFile("jdbc:mysql://db.example/x", "/home/ada"))
                .hasMessage("IMG2IMG_DATABASE_URL must start with jdbc:sqlite: or jdbc:postgresql:");
    }

    @Test
    void aPostgresUrlIsShownWithoutParametersOrUser() {
        assertThat(DatabaseUrl.postgresName("jdbc:postgresql://db.example:5432/img2img?sslmode=require&user=bob"))
                .isEqualTo("jdbc:postgresql://db.example:5432/img2img");
        assertThat(DatabaseUrl.postgresName("jdbc:postgresql://bob@db.example/img2img"))
                .isEqualTo("jdbc:postgresql://db.example/img2img");
    }

    @Test
    void settingsNeverShowThePassword() {
        LedgerSettings settings =
                LedgerSettings.of("jdbc:postgresql://db.example/img2img", 30).withCredentials("bob", "hunter2");
        assertThat(settings.toString())
                .contains("user=bob")
                .contains("password=(set)")
                .doesNotContain("hunter2");
        assertThat(settings.password()).isEqualTo("hunter2");
    }
}
