package io.img2img.adapter.imageio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.ImageSize;
import io.img2img.application.port.out.Pixels;
import io.img2img.application.testkit.TestImages;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ImageIoCodecTest {
    private final ImageIoCodec codec = new ImageIoCodec();

    @Test
    void readsPngJpegGifBmpAndWebp() throws Exception {
        for (String format : new String[] {"png", "jpeg", "gif", "bmp"}) {
            byte[] bytes = TestImages.gradient(format, 40, 30);
            assertThat(codec.size(bytes)).as(format).isEqualTo(new ImageSize(40, 30));
            Pixels pixels = codec.decode(bytes);
            assertThat(pixels.width()).isEqualTo(40);
            assertThat(pixels.height()).isEqualTo(30);
        }
        byte[] webp;
        try (InputStream in = getClass().getResourceAsStream("/small.webp")) {
            webp = in.readAllBytes(); // made with cwebp from a 40x30 gradient
        }
        assertThat(codec.size(webp)).isEqualTo(new ImageSize(40, 30));
        Pixels decoded = codec.decode(webp);
        int blue = decoded.argb()[15 * 40 + 20] & 0xFF;
        assertThat(blue).isBetween(110, 146); // the gradient's constant blue of 128, lossy
    }

    @Test
    void aHugeHeaderIsMeasuredWithoutDecodingAndNeverDecoded() throws Exception {
        byte[] bomb = TestImages.pngHeader(100_000, 100_000);
        assertThat(codec.size(bomb)).isEqualTo(new ImageSize(100_000, 100_000));
        // the file holds a header only: had the codec begun to decode it would fail reading pixel data, not on size
        assertThatThrownBy(() -> codec.decode(bomb))
                .isInstanceOf(ImageCodec.InvalidImageException.class)
                .hasMessageContaining("too large to decode");
    }

    /** A GIF whose logical screen is {@code screen}² and whose one frame is {@code w}×{@code h} at ({@code left}, 0). */
    static byte[] gif(int screen, int left, int w, int h) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        short16(out, screen);
        short16(out, screen);
        out.writeBytes(new byte[] {(byte) 0x80, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}); // 2 colours
        out.writeBytes(new byte[] {0x21, (byte) 0xF9, 4, 0, 0, 0, 0, 0}); // a graphic control extension first
        out.write(0x2C);
        short16(out, left);
        short16(out, 0);
        short16(out, w);
        short16(out, h);
        out.writeBytes(new byte[] {0, 2, 2, 0x44, 0x01, 0, 0x3B}); // LZW data of a few pixels, then the trailer
        return out.toByteArray();
    }

    private static void short16(java.io.ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write(v >> 8 & 0xFF);
    }

    @Test
    void aGifFrameLargerThanItsScreenIsMeasuredAndNeverDecoded() throws Exception {
        byte[] bomb = gif(64, 0, 10_000, 10_000);
        assertThat(codec.size(bomb)).as("the frame, not the 64x64 screen").isEqualTo(new ImageSize(10_000, 10_000));
        assertThatThrownBy(() -> codec.decode(bomb))
                .isInstanceOf(ImageCodec.InvalidImageException.class)
                .hasMessageContaining("too large to decode");
        assertThat(codec.size(gif(64, 60_000, 1, 1)))
                .as("a frame placed far right widens the canvas")
                .isEqualTo(new ImageSize(60_001, 64));
        assertThat(codec.size(gif(64, 0, 8, 8)))
                .as("a small frame on a larger screen")
                .isEqualTo(new ImageSize(64, 64));
    }

    @Test
    void theCodecDecodesNoMoreThanThePolicyAccepts() throws Exception {
        assertThat(ImageIoCodec.MAX_DECODE_PIXELS)
                .isEqualTo(io.img2img.application.ServicePolicy.DEFAULT_MAX_IMAGE_PIXELS);
        byte[] justOver = TestImages.pngHeader(8_000, 5_001); // 40,008,000 pixels: under the old 100 M cap
        assertThatThrownBy(() -> codec.decode(justOver))
                .isInstanceOf(ImageCodec.InvalidImageException.class)
                .hasMessageContaining("too large to decode");
    }

    @Test
    void garbageAndTruncatedImagesAreInvalidNotCrashes() throws Exception {
        assertThatThrownBy(() -> codec.size("hello".getBytes())).isInstanceOf(ImageCodec.InvalidImageException.class);
        byte[] png = TestImages.gradient("png", 64, 64);
        byte[] truncated = java.util.Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(ImageCodec.InvalidImageException.class);
        byte[] jpeg = TestImages.gradient("jpeg", 64, 64);
        byte[] broken = java.util.Arrays.copyOf(jpeg, 40);
        assertThatThrownBy(() -> codec.decode(broken)).isInstanceOf(ImageCodec.InvalidImageException.class);
    }

    @Test
    void encodesPngLosslesslyAndJpeg() throws Exception {
        Pixels pixels = codec.decode(TestImages.gradient("png", 32, 16));
        byte[] png = codec.encode(pixels, "image/png");
        assertThat(codec.decode(png).argb()).isEqualTo(pixels.argb());
        byte[] jpeg = codec.encode(pixels, "image/jpeg");
        assertThat(jpeg[0] & 0xFF).isEqualTo(0xFF);
        assertThat(codec.size(jpeg)).isEqualTo(new ImageSize(32, 16));
    }

    @Test
    void resizesWithoutAliasingOrShift() {
        int[] checker = new int[64 * 64];
        for (int i = 0; i < checker.length; i++) {
            checker[i] = ((i % 64 + i / 64) % 2 == 0) ? 0xFFFFFFFF : 0xFF000000;
        }
        Pixels down = codec.resize(new Pixels(64, 64, checker), 16, 16);
        for (int p : down.argb()) {
            assertThat(p & 0xFF).as("a 1-pixel checkerboard averages to grey").isBetween(100, 155);
        }
        Pixels flat = codec.resize(new Pixels(2, 2, new int[] {0xFF336699, 0xFF336699, 0xFF336699, 0xFF336699}), 7, 5);
        assertThat(flat.argb()).containsOnly(0xFF336699);
    }

    @Test
    void resizingARampKeepsItLinearRowByRow() {
        // a symmetric filter maps a linear ramp to its value at each output row's centre: a row taken from
        // the wrong place (the streaming ring's bookkeeping) would show as a step
        for (int[] sizes : new int[][] {{1000, 97}, {1000, 512}, {999, 333}, {50, 333}}) {
            int sh = sizes[0], dh = sizes[1];
            int[] ramp = new int[3 * sh];
            for (int y = 0; y < sh; y++) {
                int v = Math.round(y * 255f / (sh - 1));
                java.util.Arrays.fill(ramp, y * 3, y * 3 + 3, 0xFF000000 | v << 16 | v << 8 | v);
            }
            Pixels out = codec.resize(new Pixels(3, sh, ramp), 2, dh);
            double support = Math.max(1, (double) sh / dh);
            for (int y = 0; y < dh; y++) {
                double centre = (y + 0.5) * sh / dh - 0.5;
                if (centre - support < 0 || centre + support > sh - 1) {
                    continue; // the edges are clipped, not linear
                }
                double expected = centre * 255 / (sh - 1);
                assertThat(out.argb()[y * 2] & 0xFF)
                        .as(sh + "->" + dh + " row " + y)
                        .isCloseTo((int) Math.round(expected), org.assertj.core.data.Offset.offset(1));
                assertThat(out.argb()[y * 2 + 1]).isEqualTo(out.argb()[y * 2]);
            }
        }
    }
}
