package io.img2img.domain.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed request as the plain JSON tree the ledger keeps (so any process can run it again), and its
 * idempotency fingerprint. The tree holds every field given, the image only as an asset id: inline bytes are
 * kept apart ({@link #imageBytes}). Its {@link #canonical} text, the image reduced to a digest of its bytes, makes
 * the same request sent as JSON or as multipart one request.
 */
public final class RequestTree {
    private RequestTree() {}

    /** Every non-null field of the request, in catalogue order; an inline image is left out. */
    public static Map<String, Object> of(Img2ImgRequest request) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (Field f : FieldCatalogue.FIELDS) {
            Object value = RecordFields.get(request, f.name());
            if (value instanceof ImageReference.AssetId asset) {
                tree.put(f.name(), asset.id());
            } else if (value instanceof List<?> concepts) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (Object c : concepts) {
                    Concept concept = (Concept) c;
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("modelId", concept.modelId());
                    item.put("scale", concept.scale());
                    if (concept.modelEpoch() != null) {
                        item.put("modelEpoch", concept.modelEpoch());
                    }
                    items.add(item);
                }
                tree.put(f.name(), items);
            } else if (value != null && !(value instanceof ImageReference)) {
                tree.put(f.name(), value);
            }
        }
        return tree;
    }

    /** The inline reference image's bytes, or {@code null} when the image is an asset id or absent. */
    public static byte[] imageBytes(Img2ImgRequest request) {
        return request.image() instanceof ImageReference.DataUrl data ? data.bytes() : null;
    }

    /** The tree back as a request, the inline image (when there was one) restored from its bytes. */
    public static ParsedRequest read(Map<String, ?> tree, byte[] imageBytes) {
        Map<String, Object> body = new LinkedHashMap<>(tree);
        if (imageBytes != null) {
            ImageFormat format = ImageFormat.sniff(imageBytes);
            String mime = format == null ? "application/octet-stream" : format.mimeType();
            body.put("image", new ImageReference.DataUrl(mime, imageBytes).toDataUrl());
        }
        return RequestParser.parse(body);
    }

    /**
     * The request in one canonical text (sorted keys, query flags included, numbers written one way), the inline
     * image given as {@code imageDigest}: what the idempotency fingerprint is taken over.
     */
    public static String canonical(Img2ImgRequest request, String imageDigest) {
        Map<String, Object> tree = new TreeMap<>(of(request));
        if (imageDigest != null) {
            tree.put("image", "sha256:" + imageDigest);
        }
        StringBuilder text = new StringBuilder();
        canonical(tree, text);
        return text.toString();
    }

    private static void canonical(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            new TreeMap<>(map).forEach((k, v) -> {
                out.append(quote(k.toString())).append(':');
                canonical(v, out);
                out.append(',');
            });
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            list.forEach(v -> {
                canonical(v, out);
                out.append(',');
            });
            out.append(']');
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
        } else if (value instanceof String s) {
            out.append(quote(s));
        } else {
            out.append(value);
        }
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
