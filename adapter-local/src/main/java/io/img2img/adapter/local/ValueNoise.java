package io.img2img.adapter.local;

/**
 * Smooth noise in [0, 1): seeded random values on a lattice of {@code cell} pixels, blended with
 * smoothstep weights. Each lattice value is a hash of (seed, x, y), so any row can be computed alone.
 */
final class ValueNoise {
    private final long seed;
    private final int cell;
    private final int columns;
    private final int[] x0;
    private final float[] fx;
    private final float[] top;
    private final float[] bottom;
    private int latticeRow = -1;

    ValueNoise(long seed, int cell, int width, int height) {
        this.seed = seed;
        this.cell = cell;
        this.columns = width / cell + 2;
        this.x0 = new int[width];
        this.fx = new float[width];
        for (int x = 0; x < width; x++) {
            x0[x] = x / cell;
            fx[x] = smooth((x % cell + 0.5f) / cell);
        }
        this.top = new float[columns];
        this.bottom = new float[columns];
    }

    /** Fills {@code out} with row {@code y}. */
    void row(int y, float[] out) {
        int gy = y / cell;
        float ty = smooth((y % cell + 0.5f) / cell);
        if (gy != latticeRow) { // rows of one lattice band share their lattice values
            for (int i = 0; i < columns; i++) {
                top[i] = lattice(i, gy);
                bottom[i] = lattice(i, gy + 1);
            }
            latticeRow = gy;
        }
        for (int x = 0; x < out.length; x++) {
            int i = x0[x];
            float t = fx[x];
            float a = top[i] + (top[i + 1] - top[i]) * t;
            float b = bottom[i] + (bottom[i + 1] - bottom[i]) * t;
            out[x] = a + (b - a) * ty;
        }
    }

    private float lattice(int x, int y) {
        long z = seed + x * 0x9E3779B97F4A7C15L + y * 0xC2B2AE3D27D4EB4FL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 40) / (float) (1 << 24);
    }

    private static float smooth(float t) {
        return t * t * (3 - 2 * t);
    }
}
