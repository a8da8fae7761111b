package io.img2img.adapter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.img2img.application.port.out.Pixels;
import io.img2img.domain.model.Model;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.Img2ImgRequest;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.result.JobStatus;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A remembered job keeps its ids and outcome, not its request (whose inline image may weigh megabytes). */
class LocalJobTest {
    private static final Pixels FITTED = new Pixels(1, 1, new int[] {0xFF000000});

    private static Generation generation() {
        String png = "data:image/png;base64,"
                + Base64.getEncoder().encodeToString(io.img2img.application.testkit.TestImages.gradient("png", 8, 8));
        Img2ImgRequest request = RequestParser.parse(
                        Map.of("modelId", "model_local", "prompt", "a lighthouse", "image", png, "numSamples", 2))
                .request();
        return Generation.of(request, Model.unknown("model_local"), () -> 1L);
    }

    @Test
    void aSucceededJobDropsItsRequestAndFittedReference() throws Exception {
        LocalJob job = new LocalJob("job_1", generation(), List.of("asset_a", "asset_b"));
        assertThat(job.base(g -> FITTED)).isSameAs(FITTED);
        job.sampleDone(0);
        assertThat(job.requestWhileRunning()).as("still running").isNotNull();
        job.sampleDone(1);
        assertThat(job.snapshot().status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(job.requestWhileRunning())
                .as("the request after the job ended")
                .isNull();
        assertThatThrownBy(() -> job.base(g -> FITTED))
                .as("the fitted reference after the job ended")
                .isInstanceOf(IOException.class);
    }

    @Test
    void whileRunningItListsTheImagesSavedSoFarInSampleOrder() {
        LocalJob job = new LocalJob("job_3", generation(), List.of("asset_a", "asset_b", "asset_c"));
        assertThat(job.snapshot().assetIds()).isEmpty();
        job.sampleDone(1);
        assertThat(job.snapshot().assetIds())
                .as("sample 0 still renders: nothing listed out of order")
                .isEmpty();
        job.sampleDone(0);
        assertThat(job.snapshot().status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(job.snapshot().assetIds()).containsExactly("asset_a", "asset_b");
        job.sampleDone(2);
        assertThat(job.snapshot().assetIds()).containsExactly("asset_a", "asset_b", "asset_c");
    }

    @Test
    void aFailedJobDropsItsRequestAndKeepsTheFirstFailure() {
        LocalJob job = new LocalJob("job_2", generation(), List.of("asset_a", "asset_b"));
        job.fail("rendering failed: first");
        job.fail("rendering failed: second");
        assertThat(job.requestWhileRunning()).isNull();
        assertThat(job.snapshot().status()).isEqualTo(JobStatus.FAILURE);
        assertThat(job.snapshot().failureMessage()).isEqualTo("rendering failed: first");
    }
}
