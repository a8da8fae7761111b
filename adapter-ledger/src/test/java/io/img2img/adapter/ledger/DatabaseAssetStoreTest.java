package io.img2img.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.img2img.adapter.imageio.ImageIoModule;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.JobEnd;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.StoredAsset;
import io.img2img.application.testkit.TestImages;
import io.img2img.domain.result.ProducedImage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC §10 "Many nodes": produced images kept in PostgreSQL, so any node serves any asset without a shared disk. */
class DatabaseAssetStoreTest extends OnPostgres {
    private static AssetStore store(SqlJobLedger ledger) {
        return ledger.assetStore(ImageIoModule.codec()).orElseThrow();
    }

    @Test
    void anImageSavedThroughOneNodeIsFoundAndServedByAnotherWithoutAPath() throws Exception {
        byte[] png = TestImages.gradient("png", 20, 10);
        try (SqlJobLedger a = db.open();
                SqlJobLedger b = db.open()) {
            StoredAsset saved = store(a).save("asset_abc-1_Z", "image/png", png);

            assertThat(saved).isEqualTo(new StoredAsset("asset_abc-1_Z", "image/png", 20, 10, png.length, null));
            assertThat(store(b).find("asset_abc-1_Z")).contains(saved);
            try (InputStream in = store(b).open("asset_abc-1_Z").orElseThrow()) {
                assertThat(in.readAllBytes()).isEqualTo(png);
            }
            assertThat(store(a).save("asset_abc-1_Z", "image/png", png))
                    .as("saving again is harmless")
                    .isEqualTo(saved);
            assertThat(store(b).find("asset_other")).isEmpty();
            assertThat(store(b).open("asset_other")).isEmpty();
        }
    }

    @Test
    void aLargeImageGoesInAndComesOutByteForByte() throws Exception {
        byte[] png = TestImages.noisyPng(1024, 1024, 7);
        try (SqlJobLedger ledger = db.open()) {
            store(ledger).save("asset_large", "image/png", png);
            assertThat(png.length).as("more than one slice").isGreaterThan(2 * StoredImageStream.SLICE_BYTES);
            try (InputStream in = store(ledger).open("asset_large").orElseThrow()) {
                assertThat(in.readAllBytes()).isEqualTo(png);
            }
            try (InputStream in = store(ledger).open("asset_large").orElseThrow()) {
                java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
                for (int b = in.read(); b >= 0; b = in.read()) { // byte by byte across the slices' edges
                    read.write(b);
                }
                assertThat(read.toByteArray()).isEqualTo(png);
            }
            assertThat(store(ledger).find("asset_large").orElseThrow().sizeBytes())
                    .isEqualTo(png.length);
        }
    }

    @Test
    void badIdsTypesAndBytesAreRefusedAndNothingIsKept() throws Exception {
        byte[] png = TestImages.gradient("png", 4, 4);
        try (SqlJobLedger ledger = db.open();
                var raw = db.raw()) {
            AssetStore store = store(ledger);
            for (String bad : List.of(
                    "../secret",
                    "asset_a/b",
                    "",
                    "asset_",
                    "asset_a.png",
                    "ASSET_x",
                    "asset_" + "x".repeat(200),
                    "asset_x' OR '1'='1")) {
                assertThat(store.find(bad)).as(bad).isEmpty();
                assertThat(store.open(bad)).as(bad).isEmpty();
                assertThatThrownBy(() -> store.save(bad, "image/png", png))
                        .as(bad)
                        .isInstanceOf(IOException.class);
            }
            assertThatThrownBy(() -> store.save("asset_svg", "image/svg+xml", png))
                    .hasMessageContaining("image/svg+xml");
            assertThatThrownBy(() -> store.save("asset_text", "image/png", "not an image".getBytes()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("asset_text is not a readable image");
            ledger.changeCount(); // the schema made: nothing above reached the database
            assertThat(raw.number("SELECT COUNT(*) FROM stored_images")).isZero();
        }
    }

    @Test
    void anImageSavedButNeverRecordedByItsJobIsPrunedAfterTheRetentionNotBefore() throws Exception {
        byte[] png = TestImages.gradient("png", 8, 8);
        try (SqlJobLedger ledger = db.open();
                var raw = db.raw()) {
            store(ledger).save("asset_unrecorded_0", "image/png", png); // its job's write failed (F13)
            store(ledger).save("asset_unrecorded_1", "image/png", png);
            raw.update(
                    "UPDATE stored_images SET created_at = created_at - ? WHERE asset_id = 'asset_unrecorded_0'",
                    Duration.ofDays(31).toMillis());
            ledger.prune(30, 10);
            assertThat(store(ledger).find("asset_unrecorded_0"))
                    .as("past the retention")
                    .isEmpty();
            assertThat(store(ledger).find("asset_unrecorded_1"))
                    .as("recent: its job may still record it")
                    .isPresent();
        }
    }

    @Test
    void anImageIsKeptAsLongAsItsJobAndPrunedWithIt() throws Exception {
        byte[] png = TestImages.gradient("png", 8, 8);
        try (SqlJobLedger ledger = db.open();
                var raw = db.raw()) {
            store(ledger).save("asset_kept_0", "image/png", png);
            LedgerJob done = ledger.finish(
                            ledger.markRunning(ledger.accept(TestLedgers.claimed(TestLedgers.LOCAL, "h"))
                                            .job())
                                    .orElseThrow(),
                            JobEnd.success(List.of(new ProducedImage("asset_kept_0", null, "image/png", 8, 8, null))))
                    .orElseThrow();
            assertThat(ledger.prune(30, 10).jobs()).isZero();
            assertThat(store(ledger).find("asset_kept_0")).isPresent();

            raw.age(done.jobId(), Duration.ofDays(31));
            assertThat(ledger.prune(30, 10).jobs()).isEqualTo(1);

            assertThat(store(ledger).find("asset_kept_0")).isEmpty();
            assertThat(store(ledger).open("asset_kept_0")).isEmpty();
        }
    }
}
