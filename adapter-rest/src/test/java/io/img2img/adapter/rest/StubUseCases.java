package io.img2img.adapter.rest;

import io.img2img.application.port.in.AssetContent;
import io.img2img.application.port.in.CancelJob;
import io.img2img.application.port.in.DescribeServer;
import io.img2img.application.port.in.GenerateImage;
import io.img2img.application.port.in.GetJob;
import io.img2img.application.port.in.JobWebhooks;
import io.img2img.application.port.in.ListJobs;
import io.img2img.application.port.in.ListModels;
import io.img2img.application.port.in.ObserveJob;
import io.img2img.application.port.in.PreviewAsset;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.in.ReadAsset;
import io.img2img.application.port.in.ReportUsage;
import io.img2img.domain.request.ParsedRequest;
import io.img2img.domain.request.RequestRules;
import io.img2img.domain.request.Violation;
import io.img2img.domain.result.Backend;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ProducedImage;
import io.img2img.domain.result.ResultError;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The inbound ports as each test scripts them (the hexagonal anchors' lambda-stubbed use cases): a REST test
 * asserts what the front end does with what a port returns, never what the application would decide. A port the
 * test did not stub fails the call that reaches it ({@link #notStubbed}); only {@link DescribeServer} (read when
 * the server starts) and {@link ObserveJob#onChange} (the event streams' subscription) answer by default. Each
 * field is read at call time, so a test may change a stub while the server runs. Every call of {@link GenerateImage}
 * is recorded in {@link #generateCalls}: "nothing was started" is "the port was never called".
 */
final class StubUseCases {
    static final String BACKEND = "local";

    /** One call of {@link GenerateImage}, as the front end made it. */
    record GenerateCall(ParsedRequest request, String idempotencyKey, Duration waitBudget, String client) {
        boolean dryRun() {
            return request.request().isDryRun();
        }
    }

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
    volatile DescribeServer server = () -> new DescribeServer.Description(
            Backend.of(BACKEND).orElseThrow(), "test", new DescribeServer.Limits(15L << 20, 4, null));
    volatile ListModels models = cursor -> {
        throw notStubbed("ListModels");
    };
    volatile PreviewAsset previews = (assetId, maxSide) -> {
        throw notStubbed("PreviewAsset");
    };
    volatile ListJobs listJobs = (limit, before) -> {
        throw notStubbed("ListJobs");
    };
    volatile JobWebhooks webhooks = JobWebhooks.NONE;
    volatile ReportUsage usage = new ReportUsage() {
        @Override
        public Report report(int days) {
            throw notStubbed("ReportUsage");
        }

        @Override
        public Today today() {
            throw notStubbed("ReportUsage");
        }
    };
    volatile CancelJob cancelJob = jobId -> {
        throw notStubbed("CancelJob");
    };
    /** {@link ObserveJob#now}: the job as a stream first sees it. */
    volatile Function<String, Optional<ObserveJob.Moment>> now = jobId -> {
        throw notStubbed("ObserveJob.now");
    };

    volatile long changeMark;

    static AssertionError notStubbed(String port) {
        return new AssertionError("not stubbed: " + port + " (this test did not expect the front end to call it)");
    }

    /** The generation calls that could have been billed: valid by the domain's rules, and no dry run. */
    List<GenerateCall> paidCalls() {
        return generateCalls.stream()
                .filter(c -> !c.dryRun() && RequestRules.generic(c.request()).isEmpty())
                .toList();
    }

    /**
     * Generations answered as the application's first steps would: what the domain's rules refuse (the type errors
     * the front end read included) is a 400's result, a dry run its price, anything else a finished job of one image.
     */
    StubUseCases generatingAtOnce() {
        generate = call -> {
            List<Violation> violations = RequestRules.generic(call.request());
            if (!violations.isEmpty()) {
                return Img2ImgResult.error(BACKEND, ResultError.invalid(violations));
            }
            return call.dryRun() ? Img2ImgResult.dryRun(BACKEND, 2.5) : success("job_1", 1);
        };
        return this;
    }

    RestUseCases useCases() {
        GenerateImage generateImage = new GenerateImage() {
            @Override
            public Img2ImgResult generate(ParsedRequest request, String key, Duration wait, ProgressListener progress) {
                return generate(request, key, wait, progress, null);
            }

            @Override
            public Img2ImgResult generate(
                    ParsedRequest request, String key, Duration wait, ProgressListener progress, String client) {
                GenerateCall call = new GenerateCall(request, key, wait, client);
                generateCalls.add(call);
                try {
                    return generate.answer(call);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        ObserveJob observe = new ObserveJob() {
            @Override
            public Optional<Moment> now(String jobId) {
                return now.apply(jobId);
            }

            @Override
            public int imagesAt(String jobId, long version) {
                return 0;
            }

            @Override
            public long changeMark() {
                return changeMark;
            }

            @Override
            public AutoCloseable onChange(Runnable listener) {
                return () -> {};
            }
        };
        return new RestUseCases(
                generateImage,
                (jobId, wait, progress) -> getJob.get(jobId, wait, progress),
                assetId -> assets.read(assetId),
                () -> server.describe(),
                cursor -> models.list(cursor),
                (assetId, maxSide) -> previews.preview(assetId, maxSide),
                (limit, before) -> listJobs.list(limit, before),
                jobId -> cancelJob.cancel(jobId),
                observe,
                jobId -> webhooks.of(jobId),
                new ReportUsage() {
                    @Override
                    public Report report(int days) {
                        return usage.report(days);
                    }

                    @Override
                    public Today today() {
                        return usage.today();
                    }
                });
    }

    // what the ports answer, as the application would shape it (SPEC §4)

    static Img2ImgResult success(String jobId, int images) {
        return new Img2ImgResult(
                BACKEND,
                jobId,
                JobStatus.SUCCESS,
                1.0,
                "42",
                null,
                IntStream.rangeClosed(1, images)
                        .mapToObj(i -> new ProducedImage("asset_" + jobId + "_" + i, null, "image/png", 64, 64, null))
                        .toList(),
                false,
                null);
    }

    static Img2ImgResult inProgress(String jobId, double progress) {
        return new Img2ImgResult(BACKEND, jobId, JobStatus.IN_PROGRESS, progress, "42", null, List.of(), false, null);
    }

    static Img2ImgResult queued(String jobId, int position) {
        return new Img2ImgResult(BACKEND, jobId, JobStatus.QUEUED, 0.0, "42", null, List.of(), false, null, position);
    }

    /** A job that ended in {@code code} (failure, canceled): a job result, not a refusal. */
    static Img2ImgResult ended(String jobId, JobStatus status, ErrorCode code, String message) {
        return new Img2ImgResult(
                BACKEND, jobId, status, 1.0, "42", null, List.of(), false, ResultError.of(code, message));
    }

    /** A refusal: no job, an error. */
    static Img2ImgResult refused(ErrorCode code, String message) {
        return Img2ImgResult.error(BACKEND, ResultError.of(code, message));
    }

    static Img2ImgResult refused(ErrorCode code, String message, Duration retryAfter) {
        return Img2ImgResult.error(BACKEND, new ResultError(code, message, List.of(), retryAfter));
    }

    /** An asset of {@code bytes}, as the asset store would stream it. */
    static Optional<AssetContent> asset(String assetId, String mimeType, byte[] bytes) {
        return Optional.of(new AssetContent(assetId, mimeType, bytes.length, new ByteArrayInputStream(bytes)));
    }
}
