package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.domain.result.ProducedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each image records the version that added it, so job events know what a client held at any version. */
class ImageVersionsTest {
    @TempDir
    Path folder;

    @Test
    void theImagesHeldAtAVersionAreThoseRecordedUpToIt() {
        try (SqlJobLedger ledger = TestLedgers.open(folder)) {
            LedgerJob job =
                    ledger.accept(TestLedgers.claimed(TestLedgers.LOCAL, "h1")).job();
            job = ledger.markRunning(job).orElseThrow();
            long beforeImages = job.version();
            job = ledger.recordProgress(job, 0.5, List.of(image("asset_a"))).orElseThrow();
            long oneImage = job.version();
            job = ledger.recordProgress(job, 0.6, List.of()).orElseThrow();
            // the final write repeats the first image (kept once, at its first version) and adds two
            job = ledger.finish(job, JobEnd.success(List.of(image("asset_a"), image("asset_b"), image("asset_c"))))
                    .orElseThrow();
            assertThat(job.images())
                    .extracting(ProducedImage::assetId)
                    .containsExactly("asset_a", "asset_b", "asset_c");
            assertThat(ledger.imageCountAt(job.jobId(), beforeImages)).isZero();
            assertThat(ledger.imageCountAt(job.jobId(), oneImage)).isEqualTo(1);
            assertThat(ledger.imageCountAt(job.jobId(), oneImage + 1)).isEqualTo(1);
            assertThat(ledger.imageCountAt(job.jobId(), job.version())).isEqualTo(3);
            assertThat(ledger.imageCountAt("job_unknown", job.version())).isZero();
        }
    }

    private static ProducedImage image(String assetId) {
        return new ProducedImage(assetId, null, "image/png", 8, 8, null);
    }
}
