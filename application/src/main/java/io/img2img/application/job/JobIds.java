package io.img2img.application.job;

import io.img2img.application.port.out.WebhookEvent;
import io.img2img.application.port.out.WebhookRegistration;
import io.img2img.domain.request.Img2ImgRequest;
import io.img2img.domain.request.RequestTree;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Collectors;

/** The ids this server mints and the request's idempotency fingerprint: made in one place. */
public final class JobIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {}

    /** A new job id: {@code job_} and 22 base64url characters (16 random bytes), minted before anything is sent. */
    public static String newJobId() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return "job_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * SHA-256 (hex) of the request's canonical text, its inline image reduced to the SHA-256 of its bytes, and of
     * the webhook asked for with it, if any: the same key with another callback is another request (422), never a
     * replay that silently drops the callback. Without a webhook the text is the request's alone, as it always was.
     */
    public static String fingerprint(Img2ImgRequest request, WebhookRegistration webhook) {
        byte[] image = RequestTree.imageBytes(request);
        String canonical = RequestTree.canonical(request, image == null ? null : sha256(image));
        if (webhook != null) {
            canonical += "\nwebhook=" + webhook.url() + "\nwebhookEvents="
                    + webhook.events().stream()
                            .sorted()
                            .map(WebhookEvent::wireName)
                            .collect(Collectors.joining(","));
        }
        return sha256(canonical.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
