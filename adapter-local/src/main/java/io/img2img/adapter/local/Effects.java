package io.img2img.adapter.local;

import io.img2img.application.port.out.Pixels;
import java.util.Set;

/**
 * The keyword effects on an opaque image; {@code amount} (0–1, from guidance) scales each one except
 * grayscale, which is exact or absent.
 */
final class Effects {
    private Effects() {}

    static Pixels apply(Pixels image, Set<Effect> effects, double amount, double scale) {
        int w = image.width();
        int h = image.height();
        int[] p = image.argb().clone();
        float a = (float) amount;
        for (Effect e : Effect.values()) {
            if (!effects.contains(e)) {
                continue;
            }
            switch (e) {
                case BLUR -> p = boxBlur(p, w, h, (int) Math.max(1, Math.round((2 + 4 * amount) * scale)));
                case PIXEL_ART -> pixelate(p, w, h, (int) Math.max(2, Math.round(8 * amount * scale)));
                case SKETCH -> p = sketch(p, w, h, a);
                case WARM -> perPixel(p, (r, g, b) -> rgb(r + 30 * a, g + 8 * a, b - 30 * a));
                case COOL -> perPixel(p, (r, g, b) -> rgb(r - 30 * a, g + 4 * a, b + 30 * a));
                case VIVID ->
                    perPixel(p, (r, g, b) -> {
                        float l = luma(r, g, b);
                        float k = 1 + 0.8f * a;
                        return rgb(l + (r - l) * k, l + (g - l) * k, l + (b - l) * k);
                    });
                case INVERT ->
                    perPixel(p, (r, g, b) -> rgb(r + (255 - 2 * r) * a, g + (255 - 2 * g) * a, b + (255 - 2 * b) * a));
                case SEPIA ->
                    perPixel(
                            p,
                            (r, g, b) -> rgb(
                                    r + (0.393f * r + 0.769f * g + 0.189f * b - r) * a,
                                    g + (0.349f * r + 0.686f * g + 0.168f * b - g) * a,
                                    b + (0.272f * r + 0.534f * g + 0.131f * b - b) * a));
                // all or nothing: "black and white" means R = G = B exactly, whatever the guidance above 0
                case GRAYSCALE ->
                    perPixel(p, (r, g, b) -> {
                        float l = luma(r, g, b);
                        return rgb(l, l, l);
                    });
            }
        }
        return new Pixels(w, h, p);
    }

    private interface ColorMap {
        int apply(int r, int g, int b);
    }

    private static void perPixel(int[] p, ColorMap map) {
        for (int i = 0; i < p.length; i++) {
            int c = p[i];
            p[i] = map.apply(c >> 16 & 0xFF, c >> 8 & 0xFF, c & 0xFF);
        }
    }

    private static float luma(int r, int g, int b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    private static int rgb(float r, float g, float b) {
        return 0xFF000000 | clamp(r) << 16 | clamp(g) << 8 | clamp(b);
    }

    private static int clamp(float v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5f);
    }

    /** Two separable running-sum passes: the cost does not depend on the radius. */
    private static int[] boxBlur(int[] p, int w, int h, int radius) {
        int[] tmp = new int[p.length];
        int[] out = new int[p.length];
        for (int y = 0; y < h; y++) {
            blurLine(p, tmp, y * w, 1, w, radius);
        }
        for (int x = 0; x < w; x++) {
            blurLine(tmp, out, x, w, h, radius);
        }
        return out;
    }

    private static void blurLine(int[] src, int[] dst, int start, int step, int n, int radius) {
        int r = 0, g = 0, b = 0;
        for (int k = -radius; k <= radius; k++) {
            int c = src[start + Math.max(0, Math.min(n - 1, k)) * step];
            r += c >> 16 & 0xFF;
            g += c >> 8 & 0xFF;
            b += c & 0xFF;
        }
        int span = 2 * radius + 1;
        for (int i = 0; i < n; i++) {
            dst[start + i * step] = 0xFF000000 | (r / span) << 16 | (g / span) << 8 | (b / span);
            int leaving = src[start + Math.max(0, i - radius) * step];
            int entering = src[start + Math.min(n - 1, i + radius + 1) * step];
            r += (entering >> 16 & 0xFF) - (leaving >> 16 & 0xFF);
            g += (entering >> 8 & 0xFF) - (leaving >> 8 & 0xFF);
            b += (entering & 0xFF) - (leaving & 0xFF);
        }
    }

    private static void pixelate(int[] p, int w, int h, int block) {
        for (int by = 0; by < h; by += block) {
            for (int bx = 0; bx < w; bx += block) {
                int yEnd = Math.min(h, by + block);
                int xEnd = Math.min(w, bx + block);
                long r = 0, g = 0, b = 0;
                int n = 0;
                for (int y = by; y < yEnd; y++) {
                    for (int x = bx; x < xEnd; x++) {
                        int c = p[y * w + x];
                        r += c >> 16 & 0xFF;
                        g += c >> 8 & 0xFF;
                        b += c & 0xFF;
                        n++;
                    }
                }
                int avg = 0xFF000000 | (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
                for (int y = by; y < yEnd; y++) {
                    java.util.Arrays.fill(p, y * w + bx, y * w + xEnd, avg);
                }
            }
        }
    }

    /** Dark Sobel edges on white paper, blended in by {@code a}. */
    private static int[] sketch(int[] p, int w, int h, float a) {
        float[] l = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            l[i] = luma(p[i] >> 16 & 0xFF, p[i] >> 8 & 0xFF, p[i] & 0xFF);
        }
        int[] out = new int[p.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int xm = Math.max(0, x - 1), xp = Math.min(w - 1, x + 1);
                int ym = Math.max(0, y - 1), yp = Math.min(h - 1, y + 1);
                float gx = l[ym * w + xp]
                        + 2 * l[y * w + xp]
                        + l[yp * w + xp]
                        - l[ym * w + xm]
                        - 2 * l[y * w + xm]
                        - l[yp * w + xm];
                float gy = l[yp * w + xm]
                        + 2 * l[yp * w + x]
                        + l[yp * w + xp]
                        - l[ym * w + xm]
                        - 2 * l[ym * w + x]
                        - l[ym * w + xp];
                float paper = 255 - Math.min(255, (float) Math.sqrt(gx * gx + gy * gy));
                int c = p[y * w + x];
                int r = c >> 16 & 0xFF, g = c >> 8 & 0xFF, b = c & 0xFF;
                out[y * w + x] = rgb(r + (paper - r) * a, g + (paper - g) * a, b + (paper - b) * a);
            }
        }
        return out;
    }
}
