package io.img2img.adapter.ledger;

import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.ImageSize;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.StoredAsset;
import io.img2img.domain.id.Ids;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * Produced images kept in PostgreSQL ({@code stored_images}, bytea), so that any node serves any asset without a
 * shared disk; {@link StoredAsset#path()} is {@code null}. {@link #find} reads the recorded size and type only,
 * never the bytes; {@link #open} reads them a slice at a time ({@link StoredImageStream}); a save streams the
 * bytes into its statement. Saving an asset again replaces it (a rerun of a local job gives the same bytes). Ids are
 * checked against the strict asset-id pattern first. Images are pruned with their job.
 */
final class DatabaseAssetStore implements AssetStore {
    private static final Set<String> MIME_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/gif");

    private final LedgerDatabase database;
    private final PostgresOpener postgres;
    private final ImageCodec codec;

    DatabaseAssetStore(LedgerDatabase database, PostgresOpener postgres, ImageCodec codec) {
        this.database = database;
        this.postgres = postgres;
        this.codec = codec;
    }

    @Override
    public Optional<StoredAsset> find(String assetId) {
        if (!Ids.isAssetId(assetId)) {
            return Optional.empty();
        }
        return database.read(sql -> sql.one(
                "SELECT asset_id, mime_type, width, height, size_bytes " + "FROM stored_images WHERE asset_id = ?",
                row -> new StoredAsset(
                        row.getString(1), row.getString(2), row.getInt(3), row.getInt(4), row.getLong(5), null),
                assetId));
    }

    @Override
    public StoredAsset save(String assetId, String mimeType, byte[] bytes) throws IOException {
        if (!Ids.isAssetId(assetId)) {
            throw new IOException("refused asset id: it must be " + Ids.ASSET_ID_RULE);
        }
        if (!MIME_TYPES.contains(mimeType)) {
            throw new IOException("cannot store " + mimeType + " images");
        }
        ImageSize size;
        try {
            size = codec.size(bytes);
        } catch (ImageCodec.InvalidImageException e) {
            throw new IOException("asset " + assetId + " is not a readable image: " + e.getMessage(), e);
        }
        try (Connection connection = postgres.acquire();
                PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO stored_images (asset_id, mime_type, "
                                + "width, height, size_bytes, created_at, bytes) VALUES (?, ?, ?, ?, ?, "
                                + "CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT), ?) ON CONFLICT (asset_id) DO UPDATE SET "
                                + "mime_type = EXCLUDED.mime_type, width = EXCLUDED.width, height = EXCLUDED.height, "
                                + "size_bytes = EXCLUDED.size_bytes, bytes = EXCLUDED.bytes")) {
            insert.setString(1, assetId);
            insert.setString(2, mimeType);
            insert.setInt(3, size.width());
            insert.setInt(4, size.height());
            insert.setLong(5, bytes.length);
            insert.setBinaryStream(6, new ByteArrayInputStream(bytes), bytes.length);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IOException(postgres.failure(e).getMessage(), e);
        }
        return new StoredAsset(assetId, mimeType, size.width(), size.height(), bytes.length, null);
    }

    @Override
    public Optional<InputStream> open(String assetId) throws IOException {
        if (!Ids.isAssetId(assetId)) {
            return Optional.empty();
        }
        Optional<Long> size;
        try {
            size = database.read(sql ->
                    sql.one("SELECT size_bytes FROM stored_images WHERE asset_id = ?", row -> row.getLong(1), assetId));
        } catch (LedgerUnavailableException e) {
            throw new IOException(e.getMessage(), e);
        }
        return size.map(bytes -> new StoredImageStream(postgres, assetId, bytes));
    }
}
