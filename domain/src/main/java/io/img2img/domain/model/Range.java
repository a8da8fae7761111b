package io.img2img.domain.model;

import io.img2img.domain.text.Numbers;

/** An inclusive range of numbers, as the rules check it and as messages print it: "[64, 2048]". */
public record Range(double min, double max) {

    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    @Override
    public String toString() {
        return "[" + Numbers.format(min) + ", " + Numbers.format(max) + "]";
    }
}
