package io.img2img.domain.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed request as the plain JSON tree the ledger keeps (so any process can run it again), and its
 * idempotency fingerprint. The tree holds every field given, the image only as an asset id: inline bytes are
 * kept apart ({@link #imageBytes}). The fingerprint is one digest of the tree with the image reduced to the
 * SHA-256 of its bytes, so the same request sent as JSON or as multipart is the same request.
 */
public final class RequestTree {
    private RequestTree() {
    }

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

    /** SHA-256 (hex) of the request in a canonical form: sorted keys, query flags included, image as its digest. */
    public static String fingerprint(Img2ImgRequest request) {
        Map<String, Object> tree = new TreeMap<>(of(request));
        byte[] bytes = imageBytes(request);
        if (bytes != null) {
            tree.put("image", "sha256:" + sha256(bytes));
        }
        StringBuilder text = new StringBuilder();
        canonical(tree, text);
        return sha256(text.toString().getBytes(StandardCharsets.UTF_8));
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

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
