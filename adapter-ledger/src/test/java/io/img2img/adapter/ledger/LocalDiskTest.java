package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review D10: a SQLite ledger on a network file system is refused; local ones are not. */
class LocalDiskTest {
    @TempDir
    Path dir;

    @Test
    void networkFileSystemsAreTheOnesTheReviewNames() {
        for (String type : new String[] {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "fuse.rclone"}) {
            assertThat(LocalDisk.network(type)).as(type).isTrue();
        }
        for (String type :
                new String[] {"ext4", "xfs", "btrfs", "tmpfs", "apfs", "overlay", "zfs", "fuseblk", "ntfs"}) {
            assertThat(LocalDisk.network(type)).as(type).isFalse();
        }
    }

    @Test
    void aLedgerOnThisMachinesDiskIsAccepted() throws Exception {
        String type = Files.getFileStore(dir).type();
        if (LocalDisk.network(type)) {
            String reason = "the temporary folder is itself on a network file system (" + type + ")";
            System.err.println("SKIPPED: " + reason);
            org.junit.jupiter.api.Assumptions.abort(reason);
        }
        assertThatCode(() -> LocalDisk.require(dir.resolve("not-yet").resolve("ledger.db"), "ledger"))
                .doesNotThrowAnyException();
    }
}
