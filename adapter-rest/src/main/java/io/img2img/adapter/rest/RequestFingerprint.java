package io.img2img.adapter.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.domain.request.ImageReference;
import io.img2img.domain.request.Img2ImgRequest;
import io.img2img.domain.request.ParsedRequest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What makes two keyed requests the same request (SPEC §6): the parsed request, query flags included, with
 * the image reduced to the SHA-256 of its decoded bytes, so the same request sent as JSON or as a form is one
 * request. Its type errors count too: two broken requests are the same only when broken alike.
 */
final class RequestFingerprint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestFingerprint() {
    }

    static String of(ParsedRequest parsed) {
        Map<String, Object> fields = new LinkedHashMap<>();
        Img2ImgRequest request = parsed.request();
        try {
            for (RecordComponent c : Img2ImgRequest.class.getRecordComponents()) {
                Object value = c.getAccessor().invoke(request);
                fields.put(c.getName(), value instanceof ImageReference.DataUrl data
                        ? data.mimeType() + ";sha256," + sha256(data.bytes())
                        : value instanceof ImageReference.AssetId id ? id.id() : value);
            }
            fields.put("typeErrors", parsed.typeErrors());
            return sha256(JSON.writeValueAsBytes(fields));
        } catch (IllegalAccessException | InvocationTargetException | JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
