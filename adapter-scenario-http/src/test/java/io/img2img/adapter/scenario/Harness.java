package io.img2img.adapter.scenario;

import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.job.JobEngine;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.testkit.InstantClock;
import io.img2img.application.testkit.MemoryAssetStore;
import io.img2img.application.testkit.MemoryJobLedger;
import io.img2img.application.testkit.PngHeaderCodec;
import io.img2img.application.usecase.GenerateImageService;
import io.img2img.application.usecase.GetJobService;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.result.Img2ImgResult;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/** The real application services over the Scenario adapter, with the test kit's store and a clock that does not sleep. */
final class Harness {
    static final String KEY = "key-7f3a9c1e";
    static final String SECRET = "secret-Q2w3E4r5T6";

    final ScenarioFake scenario;
    private final InstantClock retryClock = new InstantClock();
    final List<Duration> retrySleeps = retryClock.sleeps;
    final InstantClock clock = new InstantClock();
    final List<Duration> pollSleeps = clock.sleeps;
    final MemoryAssetStore store = new MemoryAssetStore();
    final Map<String, byte[]> saved = store.files;
    final GenerateImageService generate;
    final GetJobService getJob;
    final MemoryJobLedger ledger = new MemoryJobLedger();
    final JobEngine jobs;
    final ScenarioBackend backend;

    Harness(ScenarioFake scenario, ServicePolicy policy, Duration readTimeout) {
        this.scenario = scenario;
        ScenarioSettings settings = new ScenarioSettings(
                URI.create(scenario.baseUrl()),
                KEY,
                SECRET,
                Duration.ofSeconds(2),
                readTimeout,
                readTimeout.multipliedBy(3));
        ScenarioHttp http = new ScenarioHttp(settings, new OkHttpClient(), retryClock);
        backend = new ScenarioBackend(http, settings.identity());
        ScenarioModelCatalog models = new ScenarioModelCatalog(http, clock);
        jobs = JobEngine.create(
                ledger, backend, models, new PngHeaderCodec(), store, clock, policy, LedgerPolicy.defaults());
        generate = new GenerateImageService(backend, models, new PngHeaderCodec(), jobs, policy, () -> 42);
        getJob = new GetJobService(jobs);
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
}
