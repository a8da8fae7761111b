package io.img2img.adapter.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An image kept in PostgreSQL read a slice at a time ({@code substring} of the bytea, one short query on a pooled
 * connection per slice): the driver reads a bytea whole, so this keeps one slice, not one image, in memory per
 * request, and holds no connection while the client reads slowly.
 */
final class StoredImageStream extends InputStream {
    static final int SLICE_BYTES = 256 * 1024;

    private final PostgresOpener postgres;
    private final String assetId;
    private final long size;
    private long sliceStart;
    private byte[] slice = new byte[0];
    private int inSlice;

    StoredImageStream(PostgresOpener postgres, String assetId, long size) {
        this.postgres = postgres;
        this.assetId = assetId;
        this.size = size;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (inSlice == slice.length && !nextSlice()) {
            return -1;
        }
        int n = Math.min(length, slice.length - inSlice);
        System.arraycopy(slice, inSlice, into, offset, n);
        inSlice += n;
        return n;
    }

    private boolean nextSlice() throws IOException {
        sliceStart += slice.length;
        if (sliceStart >= size) {
            return false;
        }
        try (Connection connection = postgres.acquire();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT substring(bytes FROM ? FOR ?) FROM stored_images WHERE asset_id = ?")) {
            select.setInt(1, Math.toIntExact(sliceStart + 1)); // SQL counts bytes from 1; bytea ends below 1 GiB
            select.setInt(2, SLICE_BYTES);
            select.setString(3, assetId);
            try (ResultSet row = select.executeQuery()) {
                slice = row.next() ? row.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IOException(postgres.failure(e).getMessage(), e);
        }
        if (slice == null || slice.length == 0) {
            throw new IOException("asset " + assetId + " was removed while it was being read");
        }
        inSlice = 0;
        return true;
    }
}
