package io.img2img.adapter.files;

import io.img2img.application.port.out.StoredAsset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/** What a file's header said, with the file's identity then: a file changed since is read again. */
record RememberedHeader(StoredAsset asset, Path file, Object fileKey, FileTime modified, long size) {

    boolean stillDescribes(BasicFileAttributes now) {
        return now != null
                && now.isRegularFile()
                && Objects.equals(now.fileKey(), fileKey)
                && now.lastModifiedTime().equals(modified)
                && now.size() == size;
    }

    /** The file's attributes, or {@code null} when it is gone or unreadable. */
    static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }
}
