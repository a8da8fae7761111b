package io.img2img.domain.model;

import java.util.Set;

/**
 * Scenario's model types grouped by the rules they share. A type we do not know is {@link #UNKNOWN}:
 * only the generic rules apply to it, never a guess.
 */
public enum ModelFamily {
    SD_1_5(0, 20, 7.5, Set.of("sd-1_5", "sd-1_5-lora", "sd-1_5-composition")),
    SD_XL(0, 20, 6, Set.of("sd-xl", "sd-xl-lora", "sd-xl-composition")),
    FLUX_DEV(0, 10, 3.5, Set.of("flux.1", "flux.1-lora", "flux.1-krea-dev", "flux.1-krea-lora", "flux.1-composition",
            "flux.1-kontext-dev", "flux.1-kontext-lora")),
    FLUX_PRO(2, 5, 3, Set.of("flux.1-pro", "flux1.1-pro", "flux.1.1-pro-ultra")),
    UNKNOWN(0, 20, Double.NaN, Set.of());

    /** The Flux LoRA types: the only ones that take modelEpoch and baseModelId. */
    public static final Set<String> FLUX_LORA_TYPES = Set.of("flux.1-lora", "flux.1-krea-lora", "flux.1-kontext-lora");

    private final double guidanceMin;
    private final double guidanceMax;
    private final double guidanceDefault;
    private final Set<String> types;

    ModelFamily(double guidanceMin, double guidanceMax, double guidanceDefault, Set<String> types) {
        this.guidanceMin = guidanceMin;
        this.guidanceMax = guidanceMax;
        this.guidanceDefault = guidanceDefault;
        this.types = types;
    }

    public static ModelFamily of(String type) {
        if (type != null) {
            for (ModelFamily family : values()) {
                if (family.types.contains(type)) {
                    return family;
                }
            }
        }
        return UNKNOWN;
    }

    public static boolean isFluxLora(String type) {
        return type != null && FLUX_LORA_TYPES.contains(type);
    }

    public boolean known() {
        return this != UNKNOWN;
    }

    public double guidanceMin() {
        return guidanceMin;
    }

    public double guidanceMax() {
        return guidanceMax;
    }

    /** NaN for an unknown family: guidance is then sent only when the caller gave it. */
    public double guidanceDefault() {
        return guidanceDefault;
    }

    /** Width/height bounds: sd-xl* [512, 2048], the plain sd-1_5 type [64, 1024], else the generic [64, 2048]. */
    public static int minSide(String type) {
        return of(type) == SD_XL ? 512 : 64;
    }

    public static int maxSide(String type) {
        return "sd-1_5".equals(type) ? 1024 : 2048;
    }
}
