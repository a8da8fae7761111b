package io.img2img.adapter.imageio;

import io.img2img.application.port.out.ImageSize;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The sizes PNG and GIF keep at a fixed place in their headers: read there, no ImageIO reader looked up. */
final class FixedHeaderSize {

    private FixedHeaderSize() {
    }

    /**
     * PNG and GIF keep their size at a fixed place in the header: read it there (the validation path of
     * every request) instead of looking up an ImageIO reader; other formats ask ImageIO.
     */
    static ImageSize of(byte[] b) {
        ByteBuffer buffer = ByteBuffer.wrap(b);
        if (b.length >= 24 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R') {
            int w = buffer.getInt(16);
            int h = buffer.getInt(20);
            return w > 0 && h > 0 ? new ImageSize(w, h) : null;
        }
        if (b.length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            buffer.order(ByteOrder.LITTLE_ENDIAN);
            int w = buffer.getShort(6) & 0xFFFF;
            int h = buffer.getShort(8) & 0xFFFF;
            return w > 0 && h > 0 ? new ImageSize(w, h) : null;
        }
        return null;
    }
}
