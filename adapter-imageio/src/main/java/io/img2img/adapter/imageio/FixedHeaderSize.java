package io.img2img.adapter.imageio;

import io.img2img.application.port.out.ImageSize;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The sizes PNG and GIF keep at known places: read there, no ImageIO reader looked up, no pixel decoded.
 * For GIF the logical screen is not the whole story: each image descriptor carries its own size, which
 * ImageIO decodes whatever the screen says, so every frame is measured and the size reported covers
 * the screen and every frame.
 */
final class FixedHeaderSize {
    private static final int GIF_HEADER = 13;
    private static final int GIF_IMAGE_DESCRIPTOR = 0x2C;
    private static final int GIF_EXTENSION = 0x21;

    private FixedHeaderSize() {}

    /** The size of a PNG or GIF, or {@code null} for another format (ImageIO then reads the header). */
    static ImageSize of(byte[] b) {
        ByteBuffer buffer = ByteBuffer.wrap(b);
        if (b.length >= 24
                && (b[0] & 0xFF) == 0x89
                && b[1] == 'P'
                && b[2] == 'N'
                && b[3] == 'G'
                && b[12] == 'I'
                && b[13] == 'H'
                && b[14] == 'D'
                && b[15] == 'R') {
            int w = buffer.getInt(16);
            int h = buffer.getInt(20);
            return w > 0 && h > 0 ? new ImageSize(w, h) : null;
        }
        if (b.length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return gif(buffer.order(ByteOrder.LITTLE_ENDIAN));
        }
        return null;
    }

    /**
     * The logical screen widened to every image descriptor's extent (left + width, top + height), walking
     * the blocks without decoding them. A file cut short is measured as far as it goes (its frames past the
     * cut cannot be decoded either).
     */
    private static ImageSize gif(ByteBuffer b) {
        int w = b.getShort(6) & 0xFFFF;
        int h = b.getShort(8) & 0xFFFF;
        if (w == 0 || h == 0) {
            return null;
        }
        int at = GIF_HEADER + colourTableBytes(b.get(10));
        while (at < b.limit()) {
            int block = b.get(at) & 0xFF;
            if (block == GIF_IMAGE_DESCRIPTOR) {
                if (at + 10 > b.limit()) {
                    break;
                }
                int left = b.getShort(at + 1) & 0xFFFF;
                int top = b.getShort(at + 3) & 0xFFFF;
                w = Math.max(w, left + (b.getShort(at + 5) & 0xFFFF));
                h = Math.max(h, top + (b.getShort(at + 7) & 0xFFFF));
                at += 10 + colourTableBytes(b.get(at + 9)) + 1; // then the LZW minimum code size
                at = skipSubBlocks(b, at);
            } else if (block == GIF_EXTENSION) {
                at = skipSubBlocks(b, at + 2);
            } else {
                break; // the trailer, or something no decoder reads past
            }
        }
        return new ImageSize(w, h);
    }

    private static int colourTableBytes(byte packed) {
        return (packed & 0x80) == 0 ? 0 : 3 * (1 << ((packed & 0x07) + 1));
    }

    /** Past a chain of data sub-blocks (each a length byte and that many bytes, ended by a zero length). */
    private static int skipSubBlocks(ByteBuffer b, int at) {
        int i = at;
        while (i < b.limit()) {
            int length = b.get(i) & 0xFF;
            i += 1 + length;
            if (length == 0) {
                break;
            }
        }
        return i;
    }
}
