package io.img2img.adapter.scenario;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.ModelCatalog;
import okhttp3.OkHttpClient;

/** The Scenario backend and its model catalogue, sharing one HTTP client. Needs a {@link Clock}. */
public final class ScenarioBackendModule extends AbstractModule {
    private final ScenarioSettings settings;

    public ScenarioBackendModule(ScenarioSettings settings) {
        this.settings = settings;
    }

    @Provides
    @Singleton
    ScenarioHttp scenarioHttp(Clock clock) {
        return new ScenarioHttp(settings, new OkHttpClient(), clock);
    }

    @Provides
    @Singleton
    ImageBackend scenarioBackend(ScenarioHttp http) {
        return new ScenarioBackend(http, settings.identity());
    }

    @Provides
    @Singleton
    ModelCatalog scenarioModels(ScenarioHttp http, Clock clock) {
        return new ScenarioModelCatalog(http, clock);
    }
}
