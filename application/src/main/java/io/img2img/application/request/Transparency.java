package io.img2img.application.request;

import io.img2img.application.port.out.Pixels;

/** Whether an image uses its alpha channel: such an image stays PNG, since JPEG would drop it. */
public final class Transparency {
    private Transparency() {}

    public static boolean of(Pixels pixels) {
        for (int argb : pixels.argb()) {
            if (argb >>> 24 != 0xFF) {
                return true;
            }
        }
        return false;
    }
}
