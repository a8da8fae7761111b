package io.img2img.adapter.rest;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.img2img.adapter.http.HttpMount;
import io.img2img.adapter.http.HttpSettings;
import io.img2img.application.port.in.CancelJob;
import io.img2img.application.port.in.CheckReadiness;
import io.img2img.application.port.in.DescribeServer;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.JobWebhooks;
import io.img2img.application.port.in.ListJobs;
import io.img2img.application.port.in.ListModels;
import io.img2img.application.port.in.ObserveJob;
import io.img2img.application.port.in.PreviewAsset;
import io.img2img.application.port.in.ReadAsset;
import io.img2img.application.port.in.ReportUsage;

/** The REST API, mounted on the HTTP server ({@link HttpMount}) over the inbound ports. */
public final class RestModule extends AbstractModule {
    private final HttpSettings settings;

    public RestModule(HttpSettings settings) {
        this.settings = settings;
    }

    @ProvidesIntoSet
    @Singleton
    HttpMount mount(RestApi api) {
        return api;
    }

    @Provides
    @Singleton
    RestApi restApi(
            CheckReadiness readiness,
            GenerateImage generateImage,
            GetJob getJob,
            ReadAsset assets,
            DescribeServer server,
            ListModels models,
            PreviewAsset previews,
            ListJobs listJobs,
            CancelJob cancelJob,
            ObserveJob observeJob,
            JobWebhooks webhooks,
            ReportUsage usage) {
        return new RestApi(
                settings,
                new RestUseCases(
                        generateImage,
                        getJob,
                        assets,
                        server,
                        models,
                        previews,
                        listJobs,
                        cancelJob,
                        observeJob,
                        webhooks,
                        usage),
                readiness);
    }
}
