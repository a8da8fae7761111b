package io.img2img.application.port.out;

public record ImageSize(int width, int height) {
    public long pixels() {
        return (long) width * height;
    }
}
