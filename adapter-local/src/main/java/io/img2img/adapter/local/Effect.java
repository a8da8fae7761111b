package io.img2img.adapter.local;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Looks the prompt's keywords can ask for, in the order they are applied: grayscale comes last, so
 * "black and white" always ends with R = G = B.
 */
enum Effect {
    BLUR("blur", "blurry", "blurred", "soft focus", "dreamy"),
    PIXEL_ART("pixel art", "pixel-art", "pixelated", "8-bit", "8 bit"),
    SKETCH("sketch", "edges", "line art", "pencil", "drawing"),
    WARM("warm", "sunset", "golden"),
    COOL("cool", "cold", "icy", "winter"),
    VIVID("vivid", "vibrant", "saturated"),
    INVERT("invert", "inverted"),
    SEPIA("sepia", "vintage"),
    GRAYSCALE("grayscale", "greyscale", "black and white", "black-and-white", "monochrome", "b&w");

    private final Pattern keywords;

    Effect(String... words) {
        this.keywords = Pattern.compile("(?<![a-z0-9])("
                + String.join("|", List.of(words).stream().map(Pattern::quote).toList()) + ")(?![a-z0-9])");
    }

    /** The effects the prompt asks for, less those the negative prompt names. */
    static Set<Effect> requested(String prompt, String negativePrompt) {
        Set<Effect> effects = EnumSet.noneOf(Effect.class);
        String asked = prompt == null ? "" : prompt.toLowerCase(Locale.ROOT);
        String refused = negativePrompt == null ? "" : negativePrompt.toLowerCase(Locale.ROOT);
        for (Effect e : values()) {
            if (e.keywords.matcher(asked).find() && !e.keywords.matcher(refused).find()) {
                effects.add(e);
            }
        }
        return effects;
    }
}
