package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.img2img.adapter.imageio.ImageIoModule;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.NewJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §7/§10 "Embedded default": where the file is, who may read it, and failures named, not thrown raw. */
class SqliteFileTest {
    @TempDir
    Path folder;

    @Test
    void theDefaultUrlIsInTheUsersHomeOnEveryPlatform() {
        assertThat(DatabaseUrl.sqliteFile(LedgerSettings.DEFAULT_URL, "/home/ada")
                        .path())
                .isEqualTo(Path.of("/home/ada", ".img2img", "img2img.db"));
        assertThat(DatabaseUrl.sqliteFile("jdbc:sqlite:~\\ledger.db", "/home/ada")
                        .path())
                .isEqualTo(Path.of("/home/ada", "ledger.db"));
        assertThat(DatabaseUrl.sqliteFile("jdbc:sqlite:/srv/x.db?max_page_count=9", "/home/ada")
                        .jdbcUrl())
                .isEqualTo("jdbc:sqlite:/srv/x.db?max_page_count=9");
    }

    @Test
    void aUrlCarryingAPasswordIsRefusedWithoutRepeatingIt() {
        for (String url : new String[] {
            "jdbc:sqlite:/tmp/x.db?password=hunter2",
            "jdbc:postgresql://db.example/img2img?user=bob&password=hunter2",
            "jdbc:postgresql://bob:hunter2@db.example/img2img"
        }) {
            assertThatThrownBy(() -> LedgerSettings.of(url, 30))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("IMG2IMG_DATABASE_URL must not carry a password")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void leaseSecondsOutside2To300AreRefused() {
        assertThatThrownBy(() -> LedgerSettings.of("jdbc:sqlite:/tmp/x.db", 1))
                .hasMessageContaining("IMG2IMG_LEASE_SECONDS");
        assertThatThrownBy(() -> LedgerSettings.of("jdbc:sqlite:/tmp/x.db", 301))
                .hasMessageContaining("2 and 300");
    }

    @Test
    void theFileIsCreatedOnFirstUseOnlyPrivateAndInWalMode() throws Exception {
        Path file = folder.resolve("new-folder").resolve("img2img.db");
        try (SqlJobLedger ledger = TestLedgers.openFile(file)) {
            assertThat(file.getParent()).doesNotExist();

            ledger.accept(TestLedgers.queued(TestLedgers.LOCAL));

            assertThat(file).exists();
            try (var raw = new TestLedgers.Raw(file)) {
                assertThat(raw.text("PRAGMA journal_mode")).isEqualTo("wal");
            }
            assumeThat(folder.getFileSystem().supportedFileAttributeViews()).contains("posix");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
            for (String name :
                    new String[] {"img2img.db", "img2img.db-wal", "img2img.db-shm", "img2img.db.migration-lock"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.resolveSibling(name))))
                        .as(name)
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aParentThatIsARegularFileMakesTheLedgerUnavailableNamingTheDatabase() throws Exception {
        Path regularFile = Files.writeString(folder.resolve("not-a-folder"), "x");
        Path file = regularFile.resolve("img2img.db");
        try (SqlJobLedger ledger = TestLedgers.openFile(file)) {
            assertThatThrownBy(() -> ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)))
                    .isInstanceOf(LedgerUnavailableException.class)
                    .hasMessageStartingWith("the job ledger " + file + " is unavailable: its file cannot be created")
                    .hasMessageContaining("not a folder");
        }
    }

    @Test
    void aFullDatabaseMakesTheLedgerUnavailableAndSmallerWritesStillPass() {
        Path file = folder.resolve("small.db");
        try (SqlJobLedger ledger =
                new SqlJobLedger(LedgerSettings.of("jdbc:sqlite:" + file + "?max_page_count=40", 30))) {
            ledger.accept(TestLedgers.queued(TestLedgers.LOCAL));
            NewJob large = new NewJob(
                    TestLedgers.id(),
                    TestLedgers.LOCAL,
                    JobState.QUEUED,
                    null,
                    "1",
                    0.0,
                    null,
                    TestLedgers.REQUEST,
                    new byte[1 << 20],
                    null,
                    null,
                    TestLedgers.QUEUE_LIMIT);

            assertThatThrownBy(() -> ledger.accept(large))
                    .isInstanceOf(LedgerUnavailableException.class)
                    .hasMessage("the job ledger " + file
                            + " is unavailable: it is full (the disk, or the database's size limit)");
            assertThat(ledger.find(large.jobId())).isEmpty();
            assertThat(ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)).job())
                    .isNotNull();
        }
    }

    @Test
    void aLockHeldPastTheBusyTimeoutMakesTheLedgerUnavailableUntilItIsReleased() throws Exception {
        Path file = folder.resolve("locked.db");
        LedgerSettings settings = new LedgerSettings("jdbc:sqlite:" + file, 30, Duration.ofMillis(200));
        try (SqlJobLedger ledger = new SqlJobLedger(settings);
                var other = new TestLedgers.Raw(file)) {
            ledger.changeCount();
            other.update("BEGIN EXCLUSIVE");

            assertThatThrownBy(() -> ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)))
                    .isInstanceOf(LedgerUnavailableException.class)
                    .hasMessage(
                            "the job ledger " + file + " is unavailable: it is locked by another process for longer "
                                    + "than the busy timeout of 200 ms");
            other.update("COMMIT");
            assertThat(ledger.accept(TestLedgers.queued(TestLedgers.LOCAL)).job())
                    .isNotNull();
        }
    }

    @Test
    void aFileThatIsNotADatabaseMakesTheLedgerUnavailable() throws Exception {
        Path file = Files.writeString(
                folder.resolve("garbage.db"), "this is not a SQLite database, just text ".repeat(100));
        try (SqlJobLedger ledger = TestLedgers.openFile(file)) {
            assertThatThrownBy(ledger::changeCount)
                    .isInstanceOf(LedgerUnavailableException.class)
                    .hasMessage(
                            "the job ledger " + file + " is unavailable: the file is corrupt or not a SQLite database");
        }
    }

    @Test
    void changeCallbacksHearThisLedgersChangesButNotALeaseRenewal() {
        try (SqlJobLedger ledger = TestLedgers.open(folder)) {
            AtomicInteger calls = new AtomicInteger();
            ledger.onChange(calls::incrementAndGet);

            LedgerJob claimed = ledger.accept(TestLedgers.claimed(TestLedgers.LOCAL, "holder-1"))
                    .job();
            ledger.heartbeat("holder-1", java.util.List.of(claimed.jobId()));
            assertThat(ledger.markRunning(claimed)).isPresent();

            assertThat(calls)
                    .as("after the accept and the move to running, not the heartbeat")
                    .hasValue(2);
        }
    }

    @Test
    void aSqliteLedgerKeepsNoImages() {
        try (SqlJobLedger ledger = TestLedgers.open(folder)) {
            assertThat(ledger.assetStore(ImageIoModule.codec()))
                    .as("images stay files in IMG2IMG_OUTPUT_DIR")
                    .isEmpty();
        }
    }
}
