package io.img2img.adapter.local;

import io.img2img.application.port.out.Pixels;
import io.img2img.domain.request.Generation;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The offline renderer (SPEC §1): not a generative model. It moves the fitted reference towards a
 * seeded, smooth noise field coloured by a palette the prompt picks, in proportion to strength, then
 * applies the prompt's keyword effects scaled by guidance. Deterministic: the same inputs and seed
 * give the same pixels. The noise is value noise whose feature size grows with numInferenceSteps,
 * the closed form of repeated smoothing passes, so its cost does not depend on the step count.
 */
final class ProceduralRenderer {
    private static final double DEFAULT_GUIDANCE = 7.5;

    private ProceduralRenderer() {}

    /** One sample: {@code base} is the reference already fitted to the output size. */
    static Pixels render(Pixels base, Generation g, long seed) {
        int w = base.width();
        int h = base.height();
        double scale = Math.min(w, h) / 512.0;
        int cell = (int) Math.max(2, Math.round((4 + 2 * Math.sqrt(g.numInferenceSteps())) * scale));
        double guidance = g.guidance() == null ? DEFAULT_GUIDANCE : g.guidance();
        double amount = Math.max(0, Math.min(1, guidance / DEFAULT_GUIDANCE));
        int[] palette = towardsGray(palette(g.prompt()), amount); // guidance 0: the prompt's colours do not apply
        int[] out = new int[w * h];
        ValueNoise coarse = new ValueNoise(seed, cell, w, h);
        ValueNoise fine = new ValueNoise(seed ^ 0x9E3779B97F4A7C15L, Math.max(1, cell / 2), w, h);
        ValueNoise shade = new ValueNoise(seed * 31 + 7, cell * 3, w, h);
        float strength = (float) g.strength();
        float[] row1 = new float[w];
        float[] row2 = new float[w];
        float[] row3 = new float[w];
        int[] src = base.argb();
        for (int y = 0; y < h; y++) {
            coarse.row(y, row1);
            fine.row(y, row2);
            shade.row(y, row3);
            int o = y * w;
            for (int x = 0; x < w; x++) {
                float n = 0.7f * row1[x] + 0.3f * row2[x];
                int c = gradient(palette, n);
                float light = 0.75f + 0.45f * row3[x];
                int p = src[o + x];
                int r = mix(p >> 16 & 0xFF, (c >> 16 & 0xFF) * light, strength);
                int gr = mix(p >> 8 & 0xFF, (c >> 8 & 0xFF) * light, strength);
                int b = mix(p & 0xFF, (c & 0xFF) * light, strength);
                out[o + x] = 0xFF000000 | r << 16 | gr << 8 | b;
            }
        }
        Pixels mixed = new Pixels(w, h, out);
        Set<Effect> effects = Effect.requested(g.prompt(), g.negativePrompt());
        return amount == 0 ? mixed : Effects.apply(mixed, effects, amount, scale);
    }

    private static int mix(int from, float to, float t) {
        float v = from + (Math.min(255f, to) - from) * t;
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5f);
    }

    /** Four colours from a stable hash of the prompt: the same prompt, the same palette, on any JVM. */
    static int[] palette(String prompt) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : prompt.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
        }
        float hue = (float) Math.floorMod(hash, 360) / 360f;
        float spread = 0.05f + (float) Math.floorMod(hash >>> 16, 20) / 100f;
        int[] palette = new int[4];
        for (int i = 0; i < 4; i++) {
            palette[i] = Color.HSBtoRGB(hue + i * spread, 0.45f + 0.1f * i, 0.25f + 0.23f * i);
        }
        return palette;
    }

    /** Each colour moved towards its own luma by {@code 1 - amount}. */
    private static int[] towardsGray(int[] palette, double amount) {
        int[] out = new int[palette.length];
        for (int i = 0; i < palette.length; i++) {
            int c = palette[i];
            int r = c >> 16 & 0xFF, g = c >> 8 & 0xFF, b = c & 0xFF;
            double l = 0.299 * r + 0.587 * g + 0.114 * b;
            out[i] = 0xFF000000
                    | channel(l + (r - l) * amount) << 16
                    | channel(l + (g - l) * amount) << 8
                    | channel(l + (b - l) * amount);
        }
        return out;
    }

    private static int channel(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static int gradient(int[] palette, float n) {
        float t = Math.max(0, Math.min(0.9999f, n)) * (palette.length - 1);
        int i = (int) t;
        float f = t - i;
        int a = palette[i];
        int b = palette[i + 1];
        int r = (int) ((a >> 16 & 0xFF) + ((b >> 16 & 0xFF) - (a >> 16 & 0xFF)) * f);
        int g = (int) ((a >> 8 & 0xFF) + ((b >> 8 & 0xFF) - (a >> 8 & 0xFF)) * f);
        int bl = (int) ((a & 0xFF) + ((b & 0xFF) - (a & 0xFF)) * f);
        return r << 16 | g << 8 | bl;
    }
}
