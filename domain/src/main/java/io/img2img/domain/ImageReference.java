package io.img2img.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** The reference image of a request: inline bytes from a data URL, or the id of a stored asset. */
public sealed interface ImageReference {

    /** Asset ids as Scenario writes them, and as this server writes its own: no path separators, no dots. */
    Pattern ASSET_ID = Pattern.compile("asset_[A-Za-z0-9_-]{1,128}");

    /** An image given inline. {@code mimeType} was declared by the data URL and matches the bytes. */
    record DataUrl(String mimeType, byte[] bytes) implements ImageReference {
        public DataUrl {
            Objects.requireNonNull(mimeType);
            Objects.requireNonNull(bytes);
        }

        public String toDataUrl() {
            return "data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DataUrl d && d.mimeType.equals(mimeType) && Arrays.equals(d.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return mimeType.hashCode() * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "DataUrl[" + mimeType + ", " + bytes.length + " bytes]";
        }
    }

    record AssetId(String id) implements ImageReference {
        public AssetId {
            if (!isAssetId(id)) {
                throw new IllegalArgumentException("not an asset id: " + id);
            }
        }
    }

    static boolean isAssetId(String value) {
        return value != null && ASSET_ID.matcher(value).matches();
    }

    /** Parses a data URL or an asset id; the error message says which rule the text broke. */
    static Parsed parse(String text) {
        if (text.startsWith("data:")) {
            return parseDataUrl(text);
        }
        if (isAssetId(text)) {
            return new Parsed(new AssetId(text), null);
        }
        return new Parsed(null, "must be a data URL (data:image/png|jpeg|webp|gif;base64,...) or an asset id "
                + "(asset_...); got " + Texts.quote(text));
    }

    /** The outcome of {@link #parse}: a reference, or the reason there is none. */
    record Parsed(ImageReference reference, String error) {
    }

    private static Parsed parseDataUrl(String text) {
        int comma = text.indexOf(',');
        String header = comma < 0 ? text : text.substring(5, comma);
        String declared = header.toLowerCase(Locale.ROOT);
        if (comma < 0 || !declared.endsWith(";base64")) {
            return new Parsed(null, "must be a base64 data URL (data:image/...;base64,...); got "
                    + Texts.quote(text.substring(0, Math.min(text.length(), 40))));
        }
        String mime = declared.substring(0, declared.length() - ";base64".length());
        ImageFormat format = ImageFormat.ofMimeType(mime);
        if (format == null) {
            return new Parsed(null, "data URL type must be one of image/png, image/jpeg, image/webp, image/gif; got "
                    + Texts.quote(mime));
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(text.substring(comma + 1).getBytes(StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return new Parsed(null, "data URL payload is not valid base64");
        }
        if (bytes.length == 0) {
            return new Parsed(null, "data URL holds no image bytes");
        }
        ImageFormat actual = ImageFormat.sniff(bytes);
        if (actual != format) {
            return new Parsed(null, "data URL declares " + mime + " but the bytes are "
                    + (actual == null ? "not a PNG, JPEG, WebP or GIF image" : actual.mimeType()));
        }
        return new Parsed(new DataUrl(format.mimeType(), bytes), null);
    }
}
