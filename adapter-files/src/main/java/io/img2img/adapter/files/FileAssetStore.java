package io.img2img.adapter.files;

import io.img2img.application.cache.BoundedLruMap;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.ImageSize;
import io.img2img.application.port.out.StoredAsset;
import io.img2img.domain.id.Ids;
import io.img2img.domain.request.ImageFormat;
import io.img2img.domain.request.ImageReference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * Produced images as files {@code <assetId>.<ext>} in the output directory. Ids must match the strict
 * asset-id pattern before they touch the file system (no separators, no dots: no traversal). A save
 * writes a hidden temporary file, forces it to disk and renames it atomically, so a reader sees the
 * whole file or none. The directory is never cleaned.
 *
 * <p>What {@link #find} learns from a file's header is remembered for the most recently used assets,
 * since chaining an asset id is validated on every request. One stat still compares the file with
 * the one that was read (inode, time, size): a deleted, replaced or edited file is never described
 * from memory.
 *
 * <p>Symbolic links are never followed: a link planted in the folder ({@code asset_x.png} pointing at
 * another file the server's user can read) is not an asset.
 */
public final class FileAssetStore implements AssetStore {
    private static final Map<String, String> EXTENSIONS =
            Map.of("image/png", "png", "image/jpeg", "jpg", "image/webp", "webp", "image/gif", "gif");

    /** Enough for the headers of PNG, GIF, WebP and most JPEGs; a deeper JPEG header costs a whole read. */
    private static final int HEADER_BLOCK = 4 * 1024;

    private static final int REMEMBERED_ASSETS = 4096;
    private final Path directory;
    private final ImageCodec codec;
    private final BoundedLruMap<String, RememberedHeader> remembered = new BoundedLruMap<>(REMEMBERED_ASSETS);

    public FileAssetStore(Path directory, ImageCodec codec) {
        this.directory = directory.toAbsolutePath().normalize();
        this.codec = codec;
    }

    @Override
    public Optional<StoredAsset> find(String assetId) {
        RememberedHeader found = remembered.get(assetId);
        if (found != null && found.stillDescribes(RememberedHeader.attributes(found.file()))) {
            return Optional.of(found.asset());
        }
        Optional<Path> file = locate(assetId);
        BasicFileAttributes before = file.isPresent() ? RememberedHeader.attributes(file.get()) : null;
        Optional<StoredAsset> asset =
                before != null && before.isRegularFile() ? read(assetId, file.get(), before.size()) : Optional.empty();
        if (asset.isPresent()) {
            // remembered with the attributes from before the read: a file replaced meanwhile no longer matches
            remembered.put(
                    assetId,
                    new RememberedHeader(
                            asset.get(), file.get(), before.fileKey(), before.lastModifiedTime(), before.size()));
        } else {
            remembered.remove(assetId);
        }
        return asset;
    }

    private Optional<StoredAsset> read(String assetId, Path file, long sizeBytes) {
        try {
            byte[] head = head(file);
            ImageFormat format = ImageFormat.sniff(head);
            ImageSize size;
            try {
                size = codec.size(head);
            } catch (ImageCodec.InvalidImageException e) {
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    size = codec.size(in.readAllBytes()); // a header past the first block (some JPEGs)
                }
            }
            return Optional.of(new StoredAsset(
                    assetId,
                    format == null ? "application/octet-stream" : format.mimeType(),
                    size.width(),
                    size.height(),
                    sizeBytes,
                    file.toString()));
        } catch (IOException | ImageCodec.InvalidImageException e) {
            return Optional.empty();
        }
    }

    /** The first block of a file: where image headers live. */
    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes(HEADER_BLOCK);
        }
    }

    @Override
    public StoredAsset save(String assetId, String mimeType, byte[] bytes) throws IOException {
        saveFrom(assetId, mimeType, new ByteArrayInputStream(bytes));
        return find(assetId)
                .orElseThrow(() -> new IOException("asset " + assetId + " was saved but cannot be read back"));
    }

    /** Writes the stream to a temporary file and publishes it only once complete. */
    void saveFrom(String assetId, String mimeType, InputStream bytes) throws IOException {
        requireValid(assetId);
        String extension = EXTENSIONS.get(mimeType);
        if (extension == null) {
            throw new IOException("cannot store " + mimeType + " images");
        }
        AtomicFiles.publish(directory, assetId + "." + extension, bytes);
        remembered.remove(assetId); // a replaced file is read afresh
    }

    @Override
    public Optional<InputStream> open(String assetId) throws IOException {
        Optional<Path> file = locate(assetId);
        return file.isPresent()
                ? Optional.of(Files.newInputStream(file.get(), LinkOption.NOFOLLOW_LINKS))
                : Optional.empty();
    }

    private Optional<Path> locate(String assetId) {
        if (!ImageReference.isAssetId(assetId)) {
            return Optional.empty();
        }
        for (String extension : EXTENSIONS.values()) {
            Path candidate = directory.resolve(assetId + "." + extension);
            if (Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void requireValid(String assetId) throws IOException {
        if (!ImageReference.isAssetId(assetId)) {
            throw new IOException("refused asset id: it must be " + Ids.ASSET_ID_RULE);
        }
    }
}
