package io.img2img.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.job.JobEngine;
import io.img2img.application.port.in.CancelJob;
import io.img2img.application.port.in.CheckReadiness;
import io.img2img.application.port.in.DescribeServer;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.ListJobs;
import io.img2img.application.port.in.ListModels;
import io.img2img.application.port.in.ObserveJob;
import io.img2img.application.port.in.PreviewAsset;
import io.img2img.application.port.in.PreviewImages;
import io.img2img.application.port.in.ReadAsset;
import io.img2img.application.port.in.ReportUsage;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.Clock;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.ModelCatalog;
import io.img2img.application.usecase.CancelJobService;
import io.img2img.application.usecase.DescribeServerService;
import io.img2img.application.usecase.GenerateImageService;
import io.img2img.application.usecase.GetJobService;
import io.img2img.application.usecase.JobListService;
import io.img2img.application.usecase.ListModelsService;
import io.img2img.application.usecase.PreviewAssetService;
import io.img2img.application.usecase.PreviewImagesService;
import io.img2img.application.usecase.ReadAssetService;
import io.img2img.application.usecase.ReadinessService;
import io.img2img.application.usecase.ReportUsageService;
import io.img2img.domain.result.Backend;

/**
 * The application's use cases over whichever backend and store the other modules bind. The providers below look
 * alike on purpose: the application carries no Guice annotations (it depends on the domain only), so each use
 * case's constructor is called here once, with the ports it takes.
 */
final class CoreModule extends AbstractModule {
    private final ServicePolicy policy;
    private final LedgerPolicy ledgerPolicy;
    private final Backend backend;
    private final String version;

    CoreModule(ServicePolicy policy, LedgerPolicy ledgerPolicy, Backend backend, String version) {
        this.policy = policy;
        this.ledgerPolicy = ledgerPolicy;
        this.backend = backend;
        this.version = version;
    }

    /** One {@link JobListService} answers the three ports that read the ledger's job list and changes. */
    @Override
    protected void configure() {
        bind(ListJobs.class).to(JobListService.class);
        bind(ObserveJob.class).to(JobListService.class);
    }

    @Provides
    @Singleton
    Clock clock() {
        return Clock.system();
    }

    /** The job engine: jobs recorded, run in the background, waited for; the ledger kept from the first use on. */
    @Provides
    @Singleton
    JobEngine jobEngine(
            JobLedger ledger,
            ImageBackend backend,
            ModelCatalog catalog,
            ImageCodec codec,
            AssetStore store,
            Clock clock) {
        return JobEngine.create(
                ledger, backend, catalog, codec, store, clock, policy, ledgerPolicy, new MdcLogContext());
    }

    @Provides
    @Singleton
    GenerateImage generateImage(
            ImageBackend backend,
            ModelCatalog catalog,
            ImageCodec codec,
            JobEngine jobs,
            io.img2img.application.webhook.WebhookRegistrar webhooks) {
        return new GenerateImageService(backend, catalog, codec, jobs, policy).withWebhooks(webhooks);
    }

    @Provides
    @Singleton
    CheckReadiness checkReadiness(JobEngine jobs) {
        return new ReadinessService(jobs);
    }

    @Provides
    @Singleton
    GetJob getJob(JobEngine jobs) {
        return new GetJobService(jobs);
    }

    @Provides
    @Singleton
    JobListService jobList(JobEngine jobs) {
        return new JobListService(jobs);
    }

    @Provides
    @Singleton
    CancelJob cancelJob(JobEngine jobs) {
        return new CancelJobService(jobs);
    }

    @Provides
    @Singleton
    ReportUsage reportUsage(JobEngine jobs) {
        return new ReportUsageService(jobs);
    }

    @Provides
    @Singleton
    ReadAsset readAsset(AssetStore store) {
        return new ReadAssetService(store);
    }

    @Provides
    @Singleton
    PreviewImages previewImages(AssetStore store, ImageCodec codec) {
        return new PreviewImagesService(store, codec);
    }

    @Provides
    @Singleton
    PreviewAsset previewAsset(AssetStore store, ImageCodec codec) {
        return new PreviewAssetService(store, codec);
    }

    @Provides
    @Singleton
    ListModels listModels(ModelCatalog catalog) {
        return new ListModelsService(catalog, backend.wireName());
    }

    @Provides
    @Singleton
    DescribeServer describeServer() {
        return new DescribeServerService(backend, version, policy);
    }
}
