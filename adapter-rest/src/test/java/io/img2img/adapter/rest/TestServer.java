package io.img2img.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.img2img.application.GenerateImageService;
import io.img2img.application.GetJobService;
import io.img2img.application.JobTracker;
import io.img2img.application.ServicePolicy;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.ImageSize;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.Pixels;
import io.img2img.application.port.out.RemoteAsset;
import io.img2img.application.port.out.StoredAsset;
import io.img2img.application.port.out.SubmittedJob;
import io.img2img.domain.Generation;
import io.img2img.domain.Model;
import jakarta.servlet.Servlet;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** A real server on an ephemeral port over the real services, with in-test fakes of the outbound ports. */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    final FakeBackend backend = new FakeBackend();
    final MemoryStore store = new MemoryStore();
    final HttpServer server;
    final String base;

    TestServer(String token, List<String> origins, long maxBody, ServicePolicy policy, Map<String, Servlet> servlets) {
        AtomicLong now = new AtomicLong();
        Clock instant = new Clock() { // the waiting policy runs, without real sleeping
            @Override
            public long nanos() {
                return now.get();
            }

            @Override
            public void sleep(Duration d) {
                now.addAndGet(d.toNanos());
            }
        };
        JobTracker tracker = new JobTracker(backend, store, instant);
        GenerateImageService generate = new GenerateImageService(backend, id -> id.startsWith("model_missing")
                ? Optional.empty() : Optional.of(Model.unknown(id)), new HeaderCodec(), tracker, policy);
        server = new HttpServer(new HttpSettings("127.0.0.1", 0, token, origins, null, maxBody, "test"), generate,
                new GetJobService(tracker), store, backend.name(), servlets);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    TestServer() {
        this(null, List.of(), 1 << 20, ServicePolicy.defaults(), Map.of());
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
    }

    static String png(int w, int h) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(HeaderCodec.png(w, h));
    }

    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelId", "model_x");
        body.put("prompt", "a lighthouse");
        body.put("image", png(64, 64));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    HttpResponse<String> post(String path, Object body, String... headers) throws Exception {
        return send("POST", path, JSON.writeValueAsString(body), "application/json", headers);
    }

    HttpResponse<String> send(String method, String path, String body, String contentType, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, null, null, headers);
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** Jobs that run for {@code pollsToFinish} polls, then succeed with images; faults on demand. */
    static final class FakeBackend implements ImageBackend {
        final AtomicInteger submits = new AtomicInteger();
        final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
        volatile int pollsToFinish = 2;
        volatile BackendException submitFault;
        volatile Function<Generation, SubmittedJob> onSubmit;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public double price(Generation g) {
            return g.numSamples() * 2.5;
        }

        @Override
        public SubmittedJob submit(Generation g) throws BackendException {
            if (submitFault != null) {
                throw submitFault;
            }
            String id = "job_" + submits.incrementAndGet() + "_" + g.numSamples();
            polls.put(id, new AtomicInteger());
            return onSubmit != null ? onSubmit.apply(g) : new SubmittedJob(id, 0.0);
        }

        @Override
        public JobSnapshot poll(String jobId) throws BackendException {
            AtomicInteger n = polls.get(jobId);
            if (n == null) {
                throw new BackendException(io.img2img.domain.ErrorCode.UNKNOWN_JOB, "no job " + jobId);
            }
            if (n.incrementAndGet() < pollsToFinish) {
                return JobSnapshot.running(0.5);
            }
            int samples = Integer.parseInt(jobId.substring(jobId.lastIndexOf('_') + 1));
            List<String> assets = new java.util.ArrayList<>();
            for (int i = 0; i < samples; i++) {
                assets.add("asset_" + jobId.replace("_", "") + "x" + i);
            }
            return JobSnapshot.succeeded(assets);
        }

        @Override
        public RemoteAsset describe(String assetId) {
            return new RemoteAsset(assetId, null, "image/png");
        }

        @Override
        public byte[] download(RemoteAsset asset) {
            return HeaderCodec.png(32, 16);
        }
    }

    static final class MemoryStore implements AssetStore {
        final Map<String, byte[]> files = new ConcurrentHashMap<>();

        @Override
        public Optional<StoredAsset> find(String id) {
            return Optional.ofNullable(files.get(id)).map(b -> new StoredAsset(id, "image/png", 32, 16, b.length, null));
        }

        @Override
        public StoredAsset save(String id, String mime, byte[] bytes) {
            files.put(id, bytes);
            return find(id).orElseThrow();
        }

        @Override
        public Optional<InputStream> open(String id) {
            return Optional.ofNullable(files.get(id)).map(ByteArrayInputStream::new);
        }
    }

    /** Reads sizes from a PNG header; enough for the service's bounds. */
    static final class HeaderCodec implements ImageCodec {
        static byte[] png(int w, int h) {
            ByteBuffer b = ByteBuffer.allocate(33);
            b.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
            b.putInt(13).put("IHDR".getBytes()).putInt(w).putInt(h).put(new byte[]{8, 6, 0, 0, 0}).putInt(0);
            return b.array();
        }

        @Override
        public ImageSize size(byte[] e) throws InvalidImageException {
            if (e.length < 24 || e[12] != 'I' || e[13] != 'H') {
                throw new InvalidImageException("not a PNG header");
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
