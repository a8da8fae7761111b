package io.img2img.adapter.mcp;

import io.img2img.application.port.in.AssetContent;
import io.img2img.application.port.in.CancelJob;
import io.img2img.application.port.in.DescribeServer;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.ListModels;
import io.img2img.application.port.in.PreviewImages;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.in.ReadAsset;
import io.img2img.application.testkit.TestImages;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestRules;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.Backend;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ProducedImage;
import io.img2img.domain.result.ResultError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The inbound ports as each MCP test scripts them (the hexagonal anchors' lambda-stubbed use cases): the tests
 * assert what the MCP front end makes of what a port returns (tool results, content, progress notifications,
 * JSON-RPC errors), never what the application would decide. A port not stubbed fails the call that reaches it;
 * only {@link DescribeServer} answers by default. Fields are read at call time. Every call of {@link GenerateImage}
 * is recorded in {@link #generateCalls}: "nothing was started" is "the port was never called".
 */
final class StubUseCases {
    static final String BACKEND = "local";

    /** One call of {@link GenerateImage}, as the front end made it. */
    record GenerateCall(ParsedRequest request, String idempotencyKey, Duration waitBudget, ProgressListener progress) {}

    /** A scripted {@link GenerateImage}: what the port answers to one call. */
    @FunctionalInterface
    interface Generate {
        Img2ImgResult answer(GenerateCall call) throws Exception;
    }

    final List<GenerateCall> generateCalls = new CopyOnWriteArrayList<>();
    volatile Generate generate = call -> {
        throw notStubbed("GenerateImage");
    };
    volatile GetJob getJob = (jobId, wait, progress) -> {
        throw notStubbed("GetJob");
    };
    volatile ReadAsset assets = assetId -> {
        throw notStubbed("ReadAsset");
    };
    volatile PreviewImages previews = (images, budget) -> {
        throw notStubbed("PreviewImages");
    };
    volatile DescribeServer server = () -> new DescribeServer.Description(
            Backend.of(BACKEND).orElseThrow(), "test", new DescribeServer.Limits(15L << 20, 4, null));
    volatile ListModels models = cursor -> {
        throw notStubbed("ListModels");
    };
    volatile CancelJob cancel = jobId -> {
        throw notStubbed("CancelJob");
    };

    /** The images {@link #produces} made, by asset id: what {@link #assets} reads back. */
    final Map<String, byte[]> produced = new ConcurrentHashMap<>();

    private final AtomicInteger jobs = new AtomicInteger();

    static AssertionError notStubbed(String port) {
        return new AssertionError("not stubbed: " + port + " (this test did not expect the front end to call it)");
    }

    McpUseCases useCases() {
        GenerateImage generateImage = (request, key, wait, progress) -> {
            GenerateCall call = new GenerateCall(request, key, wait, progress);
            generateCalls.add(call);
            try {
                return generate.answer(call);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        return new McpUseCases(
                generateImage,
                (jobId, wait, progress) -> getJob.get(jobId, wait, progress),
                assetId -> assets.read(assetId),
                (images, budget) -> previews.within(images, budget),
                () -> server.describe(),
                cursor -> models.list(cursor),
                jobId -> cancel.cancel(jobId));
    }

    /**
     * A script for the tests that need a whole answer: the port refuses what the domain's rules refuse (as the
     * application's first step does), else tells progress 0.25, 0.5, 0.4 and 1 and answers a finished job of
     * {@code numSamples} noisy 64 × 64 PNGs saved in {@code folder}; {@link #assets} reads them back, and
     * {@link #previews} inlines them whole when they fit the budget, else none.
     */
    StubUseCases produces(Path folder) {
        generate = call -> {
            List<Violation> violations = RequestRules.generic(call.request());
            if (!violations.isEmpty()) {
                return Img2ImgResult.error(BACKEND, ResultError.invalid(violations));
            }
            String jobId = "job_" + jobs.incrementAndGet();
            // one step back (0.4 after 0.5): what the client is told must never decrease all the same
            for (double p : new double[] {0.25, 0.5, 0.4, 1.0}) {
                call.progress().onProgress(p, "job " + jobId + (p < 1 ? " running" : " done"));
            }
            Integer samples = call.request().request().numSamples();
            return finished(folder, jobId, samples == null ? 1 : samples);
        };
        assets = assetId -> Optional.ofNullable(produced.get(assetId))
                .map(bytes -> new AssetContent(assetId, "image/png", bytes.length, new ByteArrayInputStream(bytes)));
        previews = (images, budget) -> {
            List<PreviewImages.Inline> whole = new ArrayList<>();
            long size = 0;
            for (ProducedImage image : images) {
                byte[] bytes = produced.get(image.assetId());
                whole.add(new PreviewImages.Inline(bytes, image.mimeType()));
                size += PreviewImages.base64Length(bytes.length);
            }
            return size <= budget
                    ? new PreviewImages.Previews(PreviewImages.Mode.FULL, whole)
                    : new PreviewImages.Previews(PreviewImages.Mode.NONE, List.of());
        };
        return this;
    }

    /** A finished job of {@code samples} images, saved in {@code folder} and kept in {@link #produced}. */
    Img2ImgResult finished(Path folder, String jobId, int samples) {
        List<ProducedImage> images = new ArrayList<>();
        for (int i = 1; i <= samples; i++) {
            String assetId = "asset_" + jobId + "_" + i;
            byte[] png = TestImages.noisyPng(64, 64, i);
            try {
                Path file = Files.write(folder.resolve(assetId + ".png"), png);
                images.add(new ProducedImage(assetId, null, "image/png", 64, 64, file.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            produced.put(assetId, png);
        }
        return new Img2ImgResult(BACKEND, jobId, JobStatus.SUCCESS, 1.0, "42", null, images, false, null);
    }

    static Img2ImgResult inProgress(String jobId, double progress) {
        return new Img2ImgResult(BACKEND, jobId, JobStatus.IN_PROGRESS, progress, "42", null, List.of(), false, null);
    }
}
