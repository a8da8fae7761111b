package io.img2img.domain.request;

/** The image formats a reference image may come in, recognised by their magic bytes. */
public enum ImageFormat {
    PNG("image/png"),
    JPEG("image/jpeg"),
    WEBP("image/webp"),
    GIF("image/gif");

    private final String mimeType;

    ImageFormat(String mimeType) {
        this.mimeType = mimeType;
    }

    public String mimeType() {
        return mimeType;
    }

    public static ImageFormat ofMimeType(String mimeType) {
        String m = "image/jpg".equals(mimeType) ? "image/jpeg" : mimeType;
        for (ImageFormat f : values()) {
            if (f.mimeType.equals(m)) {
                return f;
            }
        }
        return null;
    }

    /** The format the bytes really are, or {@code null}. */
    public static ImageFormat sniff(byte[] b) {
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (starts(b, 'G', 'I', 'F', '8')) {
            return GIF;
        }
        if (b.length >= 12
                && starts(b, 'R', 'I', 'F', 'F')
                && b[8] == 'W'
                && b[9] == 'E'
                && b[10] == 'B'
                && b[11] == 'P') {
            return WEBP;
        }
        return null;
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
