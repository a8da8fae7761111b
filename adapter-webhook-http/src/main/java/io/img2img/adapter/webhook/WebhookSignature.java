package io.img2img.adapter.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,} + base64 of HMAC-SHA256, keyed with the secret's bytes (the base64
 * after {@code whsec_}), over {@code webhook-id + "." + webhook-timestamp + "." + body}.
 */
final class WebhookSignature {
    static final String PREFIX = "whsec_";

    private final SecretKeySpec key;

    private WebhookSignature(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The signer of a {@code whsec_…} secret; the message never repeats the secret. */
    static WebhookSignature of(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("IMG2IMG_WEBHOOK_SECRET must start with whsec_ followed by base64");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("IMG2IMG_WEBHOOK_SECRET is not base64 after whsec_", null);
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalArgumentException(
                    "IMG2IMG_WEBHOOK_SECRET must hold 24 to 64 bytes of key (base64 after whsec_), e.g. "
                            + "whsec_$(openssl rand -base64 32)");
        }
        return new WebhookSignature(key);
    }

    String sign(String webhookId, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
