package io.img2img.adapter.rest;

import io.img2img.application.port.in.CancelJob;
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

/** Everything the REST front end asks of the application: inbound ports only. */
public record RestUseCases(
        GenerateImage generate,
        GetJob getJob,
        ReadAsset assets,
        DescribeServer server,
        ListModels models,
        PreviewAsset previews,
        ListJobs listJobs,
        CancelJob cancelJob,
        ObserveJob observeJob,
        JobWebhooks webhooks,
        ReportUsage usage) {}
