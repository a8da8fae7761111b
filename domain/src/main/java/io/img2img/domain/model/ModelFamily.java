package io.img2img.domain.model;

import io.img2img.domain.text.Numbers;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Scenario's model types grouped by the rules they share (SPEC §3), each family's ranges and
 * defaults declared here once: rules, messages and descriptions are derived from them. A type we do
 * not know is {@link #UNKNOWN}: only the generic rules apply to it, never a guess. A {@code null}
 * range means the field's generic range of the catalogue.
 */
public enum ModelFamily {
    SD_1_5(
            "sd-1_5",
            null,
            7.5,
            new Range(64, 1024),
            Set.of("sd-1_5"),
            Set.of("sd-1_5", "sd-1_5-lora", "sd-1_5-composition")),
    SD_XL("sd-xl", null, 6, new Range(512, 2048), null, Set.of("sd-xl", "sd-xl-lora", "sd-xl-composition")),
    FLUX_DEV(
            "flux dev",
            new Range(0, 10),
            3.5,
            null,
            Set.of(),
            Set.of(
                    "flux.1",
                    "flux.1-lora",
                    "flux.1-krea-dev",
                    "flux.1-krea-lora",
                    "flux.1-composition",
                    "flux.1-kontext-dev",
                    "flux.1-kontext-lora")),
    FLUX_PRO("flux pro", new Range(2, 5), 3, null, Set.of(), Set.of("flux.1-pro", "flux1.1-pro", "flux.1.1-pro-ultra")),
    UNKNOWN("unknown", null, Double.NaN, null, Set.of(), Set.of());

    /** The Flux LoRA types: the only ones that take modelEpoch and baseModelId. */
    public static final Set<String> FLUX_LORA_TYPES = Set.of("flux.1-lora", "flux.1-krea-lora", "flux.1-kontext-lora");

    private final String label;
    private final Range guidance;
    private final double guidanceDefault;
    private final Range sides;
    private final Set<String> sideTypes;
    private final Set<String> types;

    /**
     * @param sides     width/height bounds of the types in {@code sideTypes} (Scenario states sd-1_5's for
     *                  that type alone), or {@code null}
     * @param sideTypes the types {@code sides} applies to; {@code null} for every type of the family
     */
    ModelFamily(
            String label,
            Range guidance,
            double guidanceDefault,
            Range sides,
            Set<String> sideTypes,
            Set<String> types) {
        this.label = label;
        this.guidance = guidance;
        this.guidanceDefault = guidanceDefault;
        this.sides = sides;
        this.sideTypes = sideTypes != null ? sideTypes : types;
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

    /** "flux-dev", "sd-xl", "unknown": the family as model lists name it. */
    public String wireName() {
        return label.replace(' ', '-');
    }

    public boolean known() {
        return this != UNKNOWN;
    }

    /** The family's guidance range, or {@code generic} when the family narrows nothing. */
    public Range guidance(Range generic) {
        return guidance != null ? guidance : generic;
    }

    /** NaN for an unknown family: guidance is then sent only when the caller gave it. */
    public double guidanceDefault() {
        return guidanceDefault;
    }

    /** Width/height bounds for a model of this type, or {@code generic} when its family narrows nothing. */
    public static Range sides(String type, Range generic) {
        ModelFamily family = of(type);
        return family.sides != null && family.sideTypes.contains(type) ? family.sides : generic;
    }

    /** "flux dev [0, 10] default 3.5; flux pro [2, 5] default 3; ..." for descriptions. */
    public static String guidanceText(Range generic) {
        return Arrays.stream(new ModelFamily[] {FLUX_DEV, FLUX_PRO, SD_XL, SD_1_5})
                .map(f -> f.label + " " + f.guidance(generic) + " default " + Numbers.format(f.guidanceDefault))
                .collect(Collectors.joining("; "));
    }

    /** "sd-xl models: [512, 2048]; sd-1_5: [64, 1024]" for descriptions. */
    public static String sidesText() {
        return Arrays.stream(new ModelFamily[] {SD_XL, SD_1_5})
                .map(f -> (f.sideTypes.equals(f.types) ? f.label + " models" : String.join(", ", f.sideTypes)) + ": "
                        + f.sides)
                .collect(Collectors.joining("; "));
    }
}
