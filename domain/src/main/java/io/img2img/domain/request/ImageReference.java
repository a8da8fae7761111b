package io.img2img.domain.request;

import io.img2img.domain.id.Ids;
import io.img2img.domain.text.Texts;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/** The reference image of a request: inline bytes from a data URL, or the id of a stored asset. */
public sealed interface ImageReference {

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

    /** Asset ids as Scenario writes them and as this server writes its own: their shape lives in {@link Ids}. */
    static boolean isAssetId(String value) {
        return Ids.isAssetId(value);
    }

    /** Parses a data URL or an asset id; the error message says which rule the text broke. */
    static Parsed parse(String text) {
        if (text.startsWith("data:")) {
            return parseDataUrl(text);
        }
        if (isAssetId(text)) {
            return new Parsed(new AssetId(text), null);
        }
        return new Parsed(
                null,
                "must be a data URL (data:image/png|jpeg|webp|gif;base64,...) or an asset id " + "("
                        + Ids.ASSET_ID_PREFIX + "...); got " + Texts.quote(text));
    }

    /** The outcome of {@link #parse}: a reference, or the reason there is none. */
    record Parsed(ImageReference reference, String error) {}

    private static Parsed parseDataUrl(String text) {
        int comma = text.indexOf(',');
        String header = comma < 0 ? text : text.substring(5, comma);
        String declared = header.toLowerCase(Locale.ROOT);
        if (comma < 0 || !declared.endsWith(";base64")) {
            return new Parsed(
                    null,
                    "must be a base64 data URL (data:image/...;base64,...); got "
                            + Texts.quote(text.substring(0, Math.min(text.length(), 40))));
        }
        String mime = declared.substring(0, declared.length() - ";base64".length());
        ImageFormat format = ImageFormat.ofMimeType(mime);
        if (format == null) {
            return new Parsed(
                    null,
                    "data URL type must be one of image/png, image/jpeg, image/webp, image/gif; got "
                            + Texts.quote(mime));
        }
        byte[] bytes = decodeBase64(text, comma + 1);
        if (bytes == null) {
            return new Parsed(null, "data URL payload is not valid base64");
        }
        if (bytes.length == 0) {
            return new Parsed(null, "data URL holds no image bytes");
        }
        ImageFormat actual = ImageFormat.sniff(bytes);
        if (actual != format) {
            return new Parsed(
                    null,
                    "data URL declares " + mime + " but the bytes are "
                            + (actual == null ? "not a PNG, JPEG, WebP or GIF image" : actual.mimeType()));
        }
        return new Parsed(new DataUrl(format.mimeType(), bytes), null);
    }

    /**
     * The base64 payload from {@code start} on, or {@code null} when it is not base64. Plain base64 takes
     * the strict decoder in one pass; only a payload it refuses (such as one wrapped in lines) is tried
     * again with the MIME decoder, whose pre-scan of every byte costs more than the decoding itself.
     */
    private static byte[] decodeBase64(String text, int start) {
        String payload = text.substring(start);
        for (Base64.Decoder decoder : new Base64.Decoder[] {Base64.getDecoder(), Base64.getMimeDecoder()}) {
            try {
                return decoder.decode(payload);
            } catch (IllegalArgumentException e) {
                // not plain base64: the next decoder, or none
            }
        }
        return null;
    }
}
