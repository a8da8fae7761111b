package io.img2img.application.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The ledger holds prompts and reference images, the output folder the images made: their folders are created
 * owner-only ({@code 0700}) and their files ({@code .db}, {@code -wal}, {@code -shm}, the migration lock, every
 * image) {@code 0600} whatever the umask, where the file system has POSIX permissions. Folders that already
 * exist are left as they are. Shared with the driven adapters that keep things (the ledger, the asset files).
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Creates the missing folders and an empty file at {@code path}, all private. */
    public static void prepare(Path path) throws IOException {
        createFolders(path.getParent());
        createFile(path);
    }

    public static void createFile(Path path) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.createFile(path, attributes(path.getParent(), FILE));
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: fine
        }
    }

    /** SQLite creates {@code -wal} and {@code -shm} itself; make sure they are private too. */
    public static void restrictCompanions(Path database) {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path file = database.resolveSibling(database.getFileName() + suffix);
            try {
                if (posix(file.getParent()) && Files.exists(file)) {
                    Files.setPosixFilePermissions(file, FILE);
                }
            } catch (IOException | UnsupportedOperationException e) {
                // not ours to change (another user's file): SQLite still refuses what it cannot read
            }
        }
    }

    public static String describe(IOException e) {
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() == null ? e.getClass().getSimpleName() : f.getReason();
            return (f.getFile() == null ? "" : f.getFile() + ": ") + reason;
        }
        return String.valueOf(e.getMessage());
    }

    /** Creates {@code folder} and its missing parents, each new one owner-only. */
    public static void createFolders(Path folder) throws IOException {
        if (folder == null || Files.isDirectory(folder)) {
            return;
        }
        createFolders(folder.getParent());
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(folder.toString(), null, "exists and is not a folder");
        }
        try {
            Files.createDirectory(folder, attributes(folder.getParent(), FOLDER));
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(folder)) {
                throw raced;
            }
        }
    }

    /** The attributes that make a new file in {@code folder} owner-only ({@code 0600}); none off POSIX. */
    public static FileAttribute<?>[] privateFile(Path folder) {
        return attributes(folder, FILE);
    }

    private static FileAttribute<?>[] attributes(Path parent, Set<PosixFilePermission> permissions) {
        return posix(parent)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix(Path anyPathOnTheFileSystem) {
        return anyPathOnTheFileSystem != null
                && anyPathOnTheFileSystem
                        .getFileSystem()
                        .supportedFileAttributeViews()
                        .contains("posix");
    }
}
