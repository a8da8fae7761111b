package io.img2img.adapter.imageio;

import io.img2img.application.port.out.Pixels;

/**
 * High-quality separable resampling on ARGB pixels: a triangle filter widened by the scale factor
 * when shrinking (so every source pixel contributes: no aliasing), plain bilinear when enlarging.
 * Rows stream through: each source row is filtered horizontally once into a small ring of rows, and
 * each output row is summed from the ring, so the memory beyond the output is a few rows, whatever
 * the source size.
 */
final class Resampler {
    private Resampler() {}

    static Pixels resize(Pixels src, int width, int height) {
        if (src.width() == width && src.height() == height) {
            return src;
        }
        Weights across = Weights.of(src.width(), width);
        Weights down = Weights.of(src.height(), height);
        int ringSize = 0;
        for (int y = 0; y < height; y++) {
            ringSize = Math.max(ringSize, down.count[y]);
        }
        // windows only move down and never exceed the ring: each source row is filtered across once
        float[][] ring = new float[ringSize][width * 4];
        int[] rowInSlot = new int[ringSize];
        java.util.Arrays.fill(rowInSlot, -1);
        float[] sum = new float[width * 4];
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            java.util.Arrays.fill(sum, 0);
            for (int k = 0; k < down.count[y]; k++) {
                int row = down.start[y] + k;
                int slot = row % ringSize;
                if (rowInSlot[slot] != row) {
                    horizontal(src.argb(), row * src.width(), across, ring[slot]);
                    rowInSlot[slot] = row;
                }
                float wk = down.weight[y][k];
                float[] filtered = ring[slot];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += wk * filtered[i];
                }
            }
            int o = y * width;
            for (int x = 0; x < width; x++) {
                out[o + x] = clamp(sum[x * 4]) << 24
                        | clamp(sum[x * 4 + 1]) << 16
                        | clamp(sum[x * 4 + 2]) << 8
                        | clamp(sum[x * 4 + 3]);
            }
        }
        return new Pixels(width, height, out);
    }

    /** One source row, filtered across, into 4 floats per output pixel. */
    private static void horizontal(int[] src, int rowStart, Weights weights, float[] dst) {
        for (int x = 0; x < weights.start.length; x++) {
            float a = 0, r = 0, g = 0, b = 0;
            int start = rowStart + weights.start[x];
            float[] w = weights.weight[x];
            for (int k = 0; k < w.length; k++) {
                int p = src[start + k];
                float wk = w[k];
                a += wk * (p >>> 24);
                r += wk * (p >> 16 & 0xFF);
                g += wk * (p >> 8 & 0xFF);
                b += wk * (p & 0xFF);
            }
            int o = x * 4;
            dst[o] = a;
            dst[o + 1] = r;
            dst[o + 2] = g;
            dst[o + 3] = b;
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
                    ws = new float[] {1};
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
