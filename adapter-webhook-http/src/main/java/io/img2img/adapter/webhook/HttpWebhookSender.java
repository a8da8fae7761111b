package io.img2img.adapter.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.application.port.out.WebhookSender;
import io.img2img.application.webhook.WebhookAddresses;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.ResultJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.function.LongSupplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts webhook deliveries with OkHttp (SPEC §6): signed per the Standard Webhooks specification, no redirect
 * followed, no proxy, the whole call bounded (10 s), and no connection to an address that is not public unless the
 * URL's host is allowed: {@link GuardedDns} keeps only public addresses, {@link GuardedSockets} checks the address
 * each socket actually connects to.
 */
final class HttpWebhookSender implements WebhookSender {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final WebhookSettings settings;
    private final WebhookSignature signature;
    private final WebhookAddresses addresses;
    private final OkHttpClient guarded;
    private final OkHttpClient allowed;
    private final LongSupplier epochSeconds;

    HttpWebhookSender(WebhookSettings settings) {
        this(settings, () -> Instant.now().getEpochSecond());
    }

    HttpWebhookSender(WebhookSettings settings, LongSupplier epochSeconds) {
        this.settings = settings;
        this.signature = WebhookSignature.of(settings.secret());
        this.addresses = new WebhookAddresses(settings.allowedHosts());
        this.epochSeconds = epochSeconds;
        OkHttpClient.Builder base = new OkHttpClient.Builder()
                .callTimeout(settings.callTimeout())
                .connectTimeout(settings.callTimeout())
                .readTimeout(settings.callTimeout())
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .proxy(Proxy.NO_PROXY)
                .dns(new GuardedDns(settings.resolver(), addresses));
        if (settings.tls() != null) {
            base.sslSocketFactory(settings.tls().sockets(), settings.tls().trust());
        }
        OkHttpClient plain = base.build();
        this.allowed = plain;
        this.guarded = plain.newBuilder().socketFactory(new GuardedSockets()).build();
    }

    OkHttpClient clientForTest() {
        return guarded;
    }

    @Override
    public byte[] body(Img2ImgResult job) {
        String base = settings.publicUrl().get();
        try {
            return JSON.writeValueAsBytes(ResultJson.toMap(job, image -> base + "/v1/assets/" + image.assetId()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the job is not serialisable as JSON", e);
        }
    }

    @Override
    public Answer post(String url, String webhookId, byte[] body) {
        String problem = addresses.formProblem(url);
        if (problem != null) {
            return new Answer(0, "not sent: the URL " + problem);
        }
        long timestamp = epochSeconds.getAsLong();
        Request request = new Request.Builder()
                .url(url)
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature.sign(webhookId, timestamp, body))
                .header("User-Agent", "img2img-webhooks")
                .post(RequestBody.create(body, JSON_TYPE))
                .build();
        OkHttpClient client = addresses.allowed(WebhookAddresses.host(url)) ? allowed : guarded;
        try (Response response = client.newCall(request).execute()) {
            return new Answer(response.code(), null);
        } catch (InterruptedIOException e) {
            return new Answer(0, "no answer within " + settings.callTimeout().toSeconds() + " s");
        } catch (UnknownHostException e) {
            return new Answer(0, "not sent: " + e.getMessage());
        } catch (IOException e) {
            StringBuilder why = new StringBuilder("connection failed: ").append(e.getMessage());
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                why.append(" (").append(cause.getMessage()).append(')'); // e.g. the address refused
            }
            return new Answer(0, why.toString());
        }
    }
}
