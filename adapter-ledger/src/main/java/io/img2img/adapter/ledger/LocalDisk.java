package io.img2img.adapter.ledger;

import io.img2img.application.port.out.LedgerUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A SQLite ledger must be on a local disk: over a network file system two hosts share no {@code -shm} file and
 * SQLite's locks exclude nothing, so both could claim and send one job (billed twice). The file's mount type is
 * what the operating system reports ({@code /proc/mounts} on Linux).
 */
final class LocalDisk {
    private LocalDisk() {}

    static void require(Path file, String name) {
        String type;
        try {
            type = Files.getFileStore(existing(file)).type().toLowerCase(Locale.ROOT);
        } catch (IOException | SecurityException e) {
            return; // the file system cannot be told: opening the file reports what is wrong, if anything
        }
        if (network(type)) {
            throw new LedgerUnavailableException(
                    name,
                    "it is on a network file system (" + type + "), where SQLite's "
                            + "locking does not keep two hosts apart and a job could be sent twice; keep the ledger on a local "
                            + "disk, or share jobs between hosts through PostgreSQL (IMG2IMG_DATABASE_URL=jdbc:postgresql://…)",
                    null);
        }
    }

    static boolean network(String type) {
        return type.startsWith("nfs")
                || type.equals("cifs")
                || type.startsWith("smb")
                || type.equals("9p")
                || type.startsWith("fuse.")
                || type.equals("afs")
                || type.equals("ceph")
                || type.equals("glusterfs");
    }

    private static Path existing(Path file) {
        Path p = file;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? file : p;
    }
}
