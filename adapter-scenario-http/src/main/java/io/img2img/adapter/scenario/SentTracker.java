package io.img2img.adapter.scenario;

import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Request;

/**
 * Whether a request left: its tag is marked once its headers start going out. Until then a failure
 * provably started nothing, and only then may a billed call be sent again.
 */
final class SentTracker extends EventListener {

    static Request.Builder tracked(Request.Builder request, AtomicBoolean sent) {
        return request.tag(AtomicBoolean.class, sent);
    }

    static boolean provablyNotSent(AtomicBoolean sent) {
        return !sent.get();
    }

    @Override
    public void requestHeadersStart(Call call) {
        AtomicBoolean sent = call.request().tag(AtomicBoolean.class);
        if (sent != null) {
            sent.set(true);
        }
    }
}
