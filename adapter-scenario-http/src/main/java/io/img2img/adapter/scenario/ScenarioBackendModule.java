package io.img2img.adapter.scenario;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.ModelCatalog;
import okhttp3.OkHttpClient;

/** The Scenario backend and its model catalogue, sharing one HTTP client. */
public final class ScenarioBackendModule extends AbstractModule {
    private final ScenarioSettings settings;

    public ScenarioBackendModule(ScenarioSettings settings) {
        this.settings = settings;
    }

    @Provides
    @Singleton
    ScenarioHttp scenarioHttp() {
        return new ScenarioHttp(settings, new OkHttpClient(), Sleeper.REAL);
    }

    @Provides
    @Singleton
    ImageBackend scenarioBackend(ScenarioHttp http) {
        return new ScenarioBackend(http);
    }

    @Provides
    @Singleton
    ModelCatalog scenarioModels(ScenarioHttp http) {
        return new ScenarioModelCatalog(http, System::nanoTime);
    }
}
