package io.img2img.application.job;

import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.BackendException;
import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.JobSnapshot;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.RemoteAsset;
import io.img2img.application.port.out.StoredAsset;
import io.img2img.domain.request.ImageFormat;
import io.img2img.domain.request.ImageReference;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ProducedImage;
import io.img2img.domain.result.ResultError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an ended job leaves: its produced images, saved one at a time through the {@link AssetStore}
 * and never downloaded twice, or the reason it failed.
 */
final class AssetCollector {
    private final ImageBackend backend;
    private final AssetStore store;

    AssetCollector(ImageBackend backend, AssetStore store) {
        this.backend = backend;
        this.store = store;
    }

    /** The result of a job that has ended: a success with its images saved, or its failure or cancellation. */
    Img2ImgResult ended(Img2ImgResult current, JobSnapshot snapshot) {
        if (snapshot.status() == JobStatus.SUCCESS) {
            List<ProducedImage> images = new ArrayList<>();
            try {
                for (String assetId : snapshot.assetIds()) {
                    images.add(collect(assetId));
                }
            } catch (BackendException | IOException e) {
                ResultError error = ResultError.of(
                        ErrorCode.UPSTREAM_FAILURE,
                        "job " + current.jobId()
                                + " succeeded but saving its images failed (" + e.getMessage() + "); ask for job "
                                + current.jobId() + " again to fetch the rest");
                return result(current, JobStatus.SUCCESS, 1.0, images, error);
            }
            return result(current, JobStatus.SUCCESS, 1.0, images, null);
        }
        boolean failed = snapshot.status() == JobStatus.FAILURE;
        String reason =
                snapshot.failureMessage() != null ? snapshot.failureMessage() : failed ? "job failed" : "job canceled";
        return result(
                current,
                snapshot.status(),
                current.progress(),
                List.of(),
                ResultError.of(failed ? ErrorCode.JOB_FAILED : ErrorCode.JOB_CANCELED, reason));
    }

    /**
     * The images of {@code assetIds} not yet recorded for {@code job}, saved, in order; stops at the first that
     * cannot be had yet (the job's end collects it, or reports why not).
     */
    List<ProducedImage> notYetRecorded(LedgerJob job, List<String> assetIds) {
        Set<String> recorded = job.images().stream().map(ProducedImage::assetId).collect(Collectors.toSet());
        List<ProducedImage> fresh = new ArrayList<>();
        for (String assetId : assetIds) {
            if (!recorded.contains(assetId)) {
                try {
                    fresh.add(collect(assetId));
                } catch (BackendException | IOException e) {
                    break;
                }
            }
        }
        return fresh;
    }

    private ProducedImage collect(String assetId) throws BackendException, IOException {
        if (!ImageReference.isAssetId(assetId)) {
            throw new BackendException(ErrorCode.UPSTREAM_FAILURE, "the backend reported an invalid asset id");
        }
        RemoteAsset remote = backend.describe(assetId);
        Optional<StoredAsset> cached = store.find(assetId);
        StoredAsset stored;
        if (cached.isPresent()) {
            stored = cached.get();
        } else {
            byte[] bytes = backend.download(remote);
            ImageFormat format = ImageFormat.sniff(bytes);
            if (format == null) {
                throw new BackendException(
                        ErrorCode.UPSTREAM_FAILURE, "asset " + assetId + " is not a PNG, JPEG, WebP or GIF image");
            }
            stored = store.save(assetId, format.mimeType(), bytes);
        }
        return new ProducedImage(
                assetId, remote.remoteUrl(), stored.mimeType(), stored.width(), stored.height(), stored.path());
    }

    private static Img2ImgResult result(
            Img2ImgResult r, JobStatus status, Double progress, List<ProducedImage> images, ResultError error) {
        return new Img2ImgResult(
                r.backend(),
                r.jobId(),
                status,
                progress,
                r.seed(),
                r.creativeUnitsCost(),
                images,
                false,
                error,
                null,
                r.notes());
    }
}
