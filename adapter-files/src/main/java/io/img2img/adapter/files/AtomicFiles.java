package io.img2img.adapter.files;

import io.img2img.application.files.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files a reader sees whole or not at all: written to a hidden temporary file, forced to disk, renamed. The
 * folder, when made here, is owner-only and so is each file ({@link PrivateFiles}), whatever the umask.
 */
final class AtomicFiles {
    private AtomicFiles() {}

    static void publish(Path directory, String name, InputStream bytes) throws IOException {
        PrivateFiles.createFolders(directory);
        Path target = directory.resolve(name);
        Path temp = Files.createTempFile(directory, "." + name + ".", ".partial", PrivateFiles.privateFile(directory));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                bytes.transferTo(out);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
