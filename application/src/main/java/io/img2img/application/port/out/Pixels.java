package io.img2img.application.port.out;

/** A decoded image: {@code argb} holds width×height pixels, row by row, as 0xAARRGGBB. */
public record Pixels(int width, int height, int[] argb) {
    public Pixels {
        if (width <= 0 || height <= 0 || argb.length != width * height) {
            throw new IllegalArgumentException("pixels do not match " + width + "x" + height);
        }
    }
}
