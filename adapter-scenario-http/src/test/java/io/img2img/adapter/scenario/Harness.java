package io.img2img.adapter.scenario;

import io.img2img.application.GenerateImageService;
import io.img2img.application.GetJobService;
import io.img2img.application.JobTracker;
import io.img2img.application.ServicePolicy;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.ImageSize;
import io.img2img.application.port.out.Pixels;
import io.img2img.application.port.out.StoredAsset;
import io.img2img.domain.Img2ImgResult;
import io.img2img.domain.RequestParser;
import io.img2img.application.port.in.ProgressListener;
import okhttp3.OkHttpClient;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** The real application services over the Scenario adapter, with an in-memory store and a clock that does not sleep. */
final class Harness {
    static final String KEY = "key-7f3a9c1e";
    static final String SECRET = "secret-Q2w3E4r5T6";

    final ScenarioFake scenario;
    final List<Duration> retrySleeps = new CopyOnWriteArrayList<>();
    final List<Duration> pollSleeps = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> saved = new ConcurrentHashMap<>();
    final GenerateImageService generate;
    final GetJobService getJob;
    final ScenarioBackend backend;

    Harness(ScenarioFake scenario, ServicePolicy policy, Duration readTimeout) {
        this.scenario = scenario;
        ScenarioSettings settings = new ScenarioSettings(URI.create(scenario.baseUrl()), KEY, SECRET,
                Duration.ofSeconds(2), readTimeout, readTimeout.multipliedBy(3));
        ScenarioHttp http = new ScenarioHttp(settings, new OkHttpClient(), retrySleeps::add);
        AtomicLong now = new AtomicLong();
        Clock clock = new Clock() {
            @Override
            public long nanos() {
                return now.get();
            }

            @Override
            public void sleep(Duration d) {
                pollSleeps.add(d);
                now.addAndGet(d.toNanos());
            }
        };
        backend = new ScenarioBackend(http);
        JobTracker tracker = new JobTracker(backend, new MemoryStore(saved), clock);
        generate = new GenerateImageService(backend, new ScenarioModelCatalog(http, now::get), new HeaderCodec(), tracker,
                policy, () -> 42);
        getJob = new GetJobService(tracker);
    }

    Harness(ScenarioFake scenario) {
        this(scenario, ServicePolicy.defaults(), Duration.ofSeconds(5));
    }

    Img2ImgResult generate(Object... pairs) {
        return generate(Duration.ofSeconds(60), pairs);
    }

    Img2ImgResult generate(Duration wait, Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelId", "model_sdxl");
        body.put("prompt", "a lighthouse at dusk");
        body.put("image", "data:image/png;base64," + Base64.getEncoder().encodeToString(ScenarioFake.PNG));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return generate.generate(RequestParser.parse(body), wait, ProgressListener.NONE);
    }

    static final class MemoryStore implements AssetStore {
        private final Map<String, byte[]> files;

        MemoryStore(Map<String, byte[]> files) {
            this.files = files;
        }

        @Override
        public Optional<StoredAsset> find(String id) {
            return Optional.ofNullable(files.get(id)).map(b -> new StoredAsset(id, "image/png", 48, 32, b.length,
                    "/outputs/" + id + ".png"));
        }

        @Override
        public StoredAsset save(String id, String mimeType, byte[] bytes) {
            files.put(id, bytes);
            return find(id).orElseThrow();
        }

        @Override
        public Optional<InputStream> open(String id) {
            return Optional.ofNullable(files.get(id)).map(ByteArrayInputStream::new);
        }
    }

    /** Sizes from a PNG header: all the service needs. */
    static final class HeaderCodec implements ImageCodec {
        @Override
        public ImageSize size(byte[] e) throws InvalidImageException {
            if (e.length < 24) {
                throw new InvalidImageException("too short");
            }
            ByteBuffer b = ByteBuffer.wrap(e);
            return new ImageSize(b.getInt(16), b.getInt(20));
        }

        @Override
        public Pixels decode(byte[] e) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] encode(Pixels p, String m) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Pixels resize(Pixels p, int w, int h) {
            throw new UnsupportedOperationException();
        }
    }
}
