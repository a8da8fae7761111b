package io.img2img.adapter.local;

import io.img2img.application.port.out.Pixels;

/**
 * High-quality separable resampling on ARGB pixels: a triangle filter widened by the scale factor
 * when shrinking (so every source pixel contributes: no aliasing), plain bilinear when enlarging.
 */
final class Resampler {
    private Resampler() {
    }

    static Pixels resize(Pixels src, int width, int height) {
        if (src.width() == width && src.height() == height) {
            return src;
        }
        float[] horizontal = new float[width * src.height() * 4];
        pass(src.argb(), src.width(), src.height(), width, horizontal);
        int[] out = new int[width * height];
        float[] vertical = new float[width * height * 4];
        passFloat(horizontal, width, src.height(), height, vertical);
        for (int i = 0; i < out.length; i++) {
            int a = clamp(vertical[i * 4]);
            int r = clamp(vertical[i * 4 + 1]);
            int g = clamp(vertical[i * 4 + 2]);
            int b = clamp(vertical[i * 4 + 3]);
            out[i] = a << 24 | r << 16 | g << 8 | b;
        }
        return new Pixels(width, height, out);
    }

    /** Horizontal pass from packed ints into 4 floats per pixel. */
    private static void pass(int[] src, int sw, int sh, int dw, float[] dst) {
        Weights weights = Weights.of(sw, dw);
        for (int y = 0; y < sh; y++) {
            int row = y * sw;
            for (int x = 0; x < dw; x++) {
                float a = 0, r = 0, g = 0, b = 0;
                int start = weights.start[x];
                for (int k = 0; k < weights.count[x]; k++) {
                    int p = src[row + start + k];
                    float w = weights.weight[x][k];
                    a += w * (p >>> 24);
                    r += w * (p >> 16 & 0xFF);
                    g += w * (p >> 8 & 0xFF);
                    b += w * (p & 0xFF);
                }
                int o = (y * dw + x) * 4;
                dst[o] = a;
                dst[o + 1] = r;
                dst[o + 2] = g;
                dst[o + 3] = b;
            }
        }
    }

    /** Vertical pass over 4 floats per pixel. */
    private static void passFloat(float[] src, int w, int sh, int dh, float[] dst) {
        Weights weights = Weights.of(sh, dh);
        for (int y = 0; y < dh; y++) {
            int start = weights.start[y];
            for (int k = 0; k < weights.count[y]; k++) {
                float wk = weights.weight[y][k];
                int srcRow = (start + k) * w * 4;
                int dstRow = y * w * 4;
                for (int i = 0; i < w * 4; i++) {
                    dst[dstRow + i] += wk * src[srcRow + i];
                }
            }
        }
    }

    private static int clamp(float v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }

    /** For each destination sample: the first source index, how many, and their normalised weights. */
    private static final class Weights {
        final int[] start;
        final int[] count;
        final float[][] weight;

        private Weights(int n) {
            start = new int[n];
            count = new int[n];
            weight = new float[n][];
        }

        static Weights of(int sourceSize, int targetSize) {
            double scale = (double) targetSize / sourceSize;
            double support = scale < 1 ? 1 / scale : 1; // triangle radius in source pixels
            Weights w = new Weights(targetSize);
            for (int i = 0; i < targetSize; i++) {
                double center = (i + 0.5) / scale - 0.5;
                int lo = Math.max(0, (int) Math.floor(center - support));
                int hi = Math.min(sourceSize - 1, (int) Math.ceil(center + support));
                float[] ws = new float[hi - lo + 1];
                double sum = 0;
                for (int s = lo; s <= hi; s++) {
                    double d = Math.abs(s - center) / support;
                    double v = d < 1 ? 1 - d : 0;
                    ws[s - lo] = (float) v;
                    sum += v;
                }
                if (sum <= 0) { // the nearest pixel when the filter missed every sample (edges)
                    int nearest = (int) Math.min(sourceSize - 1, Math.max(0, Math.round(center)));
                    lo = nearest;
                    ws = new float[]{1};
                    sum = 1;
                }
                for (int k = 0; k < ws.length; k++) {
                    ws[k] /= (float) sum;
                }
                w.start[i] = lo;
                w.count[i] = ws.length;
                w.weight[i] = ws;
            }
            return w;
        }
    }
}
