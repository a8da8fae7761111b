package io.img2img.adapter.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.adapter.files.FileAssetStore;
import io.img2img.adapter.imageio.ImageIoModule;
import io.img2img.application.LedgerPolicy;
import io.img2img.application.ServicePolicy;
import io.img2img.application.job.JobEngine;
import io.img2img.application.port.in.ProgressListener;
import io.img2img.application.port.out.AssetStore;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.Pixels;
import io.img2img.application.testkit.MemoryJobLedger;
import io.img2img.application.testkit.PacedClock;
import io.img2img.application.testkit.TestImages;
import io.img2img.application.usecase.GenerateImageService;
import io.img2img.application.usecase.GetJobService;
import io.img2img.domain.request.RequestParser;
import io.img2img.domain.result.ErrorCode;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ProducedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local backend through the real application services, on the example image. */
class LocalRendererTest {
    private static final Path REFERENCE = Path.of("../examples/reference.png");
    private static byte[] reference;
    private static String referenceDataUrl;
    private static final ImageCodec CODEC = ImageIoModule.codec();

    @TempDir
    Path outputs;

    @BeforeAll
    static void loadExample() throws Exception {
        reference = Files.readAllBytes(REFERENCE);
        referenceDataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(reference);
    }

    private static final Duration BUDGET = Duration.ofDays(1);

    private record Services(GenerateImageService generate, GetJobService getJob, AssetStore store) {}

    private Services services() {
        AssetStore store = new FileAssetStore(outputs, CODEC);
        LocalBackend backend = new LocalBackend(store, CODEC, LocalBackendModule.renderPool());
        PacedClock clock =
                new PacedClock(Duration.ofMillis(1)); // polls cost no real time while the render threads work
        io.img2img.application.port.out.ModelCatalog models =
                id -> java.util.Optional.of(io.img2img.domain.model.Model.unknown(id));
        JobEngine jobs = JobEngine.create(
                new MemoryJobLedger(),
                backend,
                models,
                CODEC,
                store,
                clock,
                ServicePolicy.defaults(),
                LedgerPolicy.defaults());
        return new Services(
                new GenerateImageService(backend, models, CODEC, jobs, ServicePolicy.defaults()),
                new GetJobService(jobs),
                store);
    }

    private static Map<String, Object> request(Object... pairs) {
        Map<String, Object> body = new HashMap<>();
        body.put("modelId", "model_local");
        body.put("prompt", "a lighthouse at dusk");
        body.put("image", referenceDataUrl);
        body.put("numSamples", 1);
        body.put("seed", "42");
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private Img2ImgResult generate(Services s, Object... pairs) {
        Img2ImgResult r = s.generate().generate(RequestParser.parse(request(pairs)), BUDGET, ProgressListener.NONE);
        assertThat(r.error()).as("error").isNull();
        assertThat(r.status()).isEqualTo(JobStatus.SUCCESS);
        return r;
    }

    private static byte[] bytes(ProducedImage image) throws Exception {
        return Files.readAllBytes(Path.of(image.path()));
    }

    private static Pixels pixels(ProducedImage image) throws Exception {
        return CODEC.decode(bytes(image));
    }

    /** How many pixels have channels that differ (0 for a grayscale image). */
    private static long coloured(Pixels image) {
        return java.util.Arrays.stream(image.argb())
                .filter(p -> (p >> 16 & 0xFF) != (p & 0xFF) || (p >> 8 & 0xFF) != (p & 0xFF))
                .count();
    }

    /** Mean absolute difference per channel, in 0–255. */
    private static double meanDifference(Pixels a, Pixels b) {
        long sum = 0;
        for (int i = 0; i < a.argb().length; i++) {
            int p = a.argb()[i], q = b.argb()[i];
            sum += Math.abs((p >> 16 & 0xFF) - (q >> 16 & 0xFF))
                    + Math.abs((p >> 8 & 0xFF) - (q >> 8 & 0xFF))
                    + Math.abs((p & 0xFF) - (q & 0xFF));
        }
        return sum / (3.0 * a.argb().length);
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws Exception {
        Services s = services();
        byte[] first = bytes(generate(s).images().get(0));
        byte[] again = bytes(generate(services()).images().get(0));
        byte[] other = bytes(generate(s, "seed", "43").images().get(0));
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void aVeryTallOrWideReferenceIsCroppedBeforeResamplingSoNothingLargerThanItOrTheOutputIsMade() {
        // scaled to cover first, 1×40,000,000 → 512×512 needed an intermediate of 512 × 2^31 pixels
        Pixels tall = new Pixels(1, 40_000_000, new int[40_000_000]);
        Pixels fitted = Fitting.cover(CODEC, tall, 512, 512);
        assertThat(fitted.width()).isEqualTo(512);
        assertThat(fitted.height()).isEqualTo(512);
        Pixels wide = new Pixels(50_600, 790, new int[50_600 * 790]);
        Pixels crop = Fitting.centreCrop(wide, 2048, 2048);
        assertThat(crop.width()).isEqualTo(790);
        assertThat(crop.height()).isEqualTo(790);
        assertThat(Fitting.cover(CODEC, wide, 2048, 2048).argb()).hasSize(2048 * 2048);
        int[] stripes = new int[300 * 100]; // the centre column band of a wide image is what remains
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = (i % 300) >= 100 && (i % 300) < 200 ? 0xFFFFFFFF : 0xFF000000;
        }
        assertThat(Fitting.centreCrop(new Pixels(300, 100, stripes), 64, 64).argb())
                .containsOnly(0xFFFFFFFF);
    }

    @Test
    void strengthMovesTheReferenceTowardsNoise() throws Exception {
        Services s = services();
        Pixels fitted = Fitting.cover(CODEC, CODEC.decode(reference), 512, 512);
        double low =
                meanDifference(pixels(generate(s, "strength", 0.01).images().get(0)), fitted);
        double high =
                meanDifference(pixels(generate(s, "strength", 1.0).images().get(0)), fitted);
        assertThat(low).isLessThan(3);
        assertThat(high).isGreaterThan(40);
        Pixels resized = Fitting.cover(CODEC, CODEC.decode(reference), 256, 384);
        double lowResized = meanDifference(
                pixels(generate(s, "strength", 0.01, "width", 256, "height", 384)
                        .images()
                        .get(0)),
                resized);
        assertThat(lowResized).as("against the resized reference").isLessThan(3);
    }

    @Test
    void outputHasTheRequestedSizeAndNumberOfSamples() throws Exception {
        Img2ImgResult r = generate(services(), "numSamples", 3, "width", 640, "height", 384);
        assertThat(r.images()).hasSize(3).allSatisfy(i -> {
            assertThat(i.width()).isEqualTo(640);
            assertThat(i.height()).isEqualTo(384);
            assertThat(i.mimeType()).isEqualTo("image/png");
            assertThat(i.remoteUrl()).isNull();
            assertThat(Path.of(i.path())).exists().startsWith(outputs);
        });
        assertThat(r.creativeUnitsCost()).isZero();
        assertThat(r.backend()).isEqualTo("local");
        assertThat(r.images()).extracting(ProducedImage::assetId).doesNotHaveDuplicates();
        assertThat(pixels(r.images().get(0)).argb())
                .isNotEqualTo(pixels(r.images().get(1)).argb());
    }

    @Test
    void blackAndWhiteGivesEqualChannelsAndTheNegativePromptRemovesIt() throws Exception {
        Services s = services();
        Pixels gray = pixels(
                generate(s, "prompt", "a lighthouse, black and white").images().get(0));
        assertThat(coloured(gray)).isZero();
        Pixels grayAtLowGuidance = pixels(generate(s, "prompt", "black and white, vivid", "guidance", 1.5)
                .images()
                .get(0));
        assertThat(coloured(grayAtLowGuidance))
                .as("exact at any guidance above 0")
                .isZero();
        Pixels notGray =
                pixels(generate(s, "prompt", "a lighthouse, black and white", "negativePrompt", "black and white")
                        .images()
                        .get(0));
        assertThat(coloured(notGray)).isGreaterThan(notGray.argb().length / 2);
    }

    @Test
    void keywordEffectsChangeTheImageAndGuidanceZeroTurnsThemOff() throws Exception {
        Services s = services();
        byte[] plain = bytes(generate(s, "prompt", "a lighthouse").images().get(0));
        for (String keyword : List.of("sepia", "invert", "pixel art", "blur", "sketch", "warm", "cool", "vivid")) {
            byte[] styled = bytes(
                    generate(s, "prompt", "a lighthouse " + keyword).images().get(0));
            assertThat(styled).as(keyword).isNotEqualTo(plain);
        }
        Pixels inverted = pixels(generate(s, "prompt", "invert", "strength", 0.01, "guidance", 0)
                .images()
                .get(0));
        Pixels fitted = Fitting.cover(CODEC, CODEC.decode(reference), 512, 512);
        assertThat(meanDifference(inverted, fitted)).as("guidance 0: no effect").isLessThan(3);
    }

    @Test
    void guidanceZeroLeavesThePromptsColoursOut() throws Exception {
        Services s = services();
        Pixels colouredNoise = pixels(generate(s, "prompt", "a lighthouse, warm vivid", "strength", 1.0)
                .images()
                .get(0));
        Pixels grayNoise = pixels(generate(s, "prompt", "a lighthouse, warm vivid", "strength", 1.0, "guidance", 0)
                .images()
                .get(0));
        assertThat(coloured(colouredNoise)).isGreaterThan(colouredNoise.argb().length / 2);
        assertThat(coloured(grayNoise)).as("no palette, no effect").isZero();
    }

    @Test
    void chainingAProducedAssetWorksAndForeignAssetsAreRefused() throws Exception {
        Services s = services();
        String produced = generate(s).images().get(0).assetId();
        Img2ImgResult chained = generate(s, "image", produced, "seed", "7");
        assertThat(chained.images()).hasSize(1);
        Img2ImgResult foreign = s.generate()
                .generate(RequestParser.parse(request("image", "asset_fromScenario")), BUDGET, ProgressListener.NONE);
        assertThat(foreign.error().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(foreign.error().violations().get(0).field()).isEqualTo("image");
        assertThat(foreign.error().message()).contains("was not produced by this server");
    }

    @Test
    void theLargestRequestIsAcceptedAndAJobOutlivingItsWaitIsCompletedByGetJob() throws Exception {
        Services s = services();
        List<Double> progress = new ArrayList<>();
        Img2ImgResult running = s.generate()
                .generate(
                        RequestParser.parse(
                                request("numSamples", 3, "width", 2048, "height", 2048, "numInferenceSteps", 150)),
                        Duration.ZERO,
                        (p, m) -> progress.add(p));
        assertThat(running.status()).isEqualTo(JobStatus.IN_PROGRESS);
        Img2ImgResult done = s.getJob().get(running.jobId(), BUDGET, (p, m) -> progress.add(p));
        assertThat(done.status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(done.seed()).isEqualTo("42");
        assertThat(done.images())
                .hasSize(3)
                .allSatisfy(i -> assertThat(i.width()).isEqualTo(2048));
        assertThat(progress).isSorted();
    }

    @Test
    void stoppingTheBackendShutsItsRenderPoolDown() {
        java.util.concurrent.ExecutorService pool = LocalBackendModule.renderPool();
        new LocalBackend(new FileAssetStore(outputs, CODEC), CODEC, pool).close();
        assertThat(pool.isShutdown()).isTrue();
    }

    @Test
    void anUnknownJobIsAnError() {
        Img2ImgResult r = services().getJob().get("job_unknown", BUDGET, ProgressListener.NONE);
        assertThat(r.error().code()).isEqualTo(ErrorCode.UNKNOWN_JOB);
    }

    @Test
    void anUndecodableReferenceFailsTheJobWithAMessage() {
        // a valid PNG header over garbage: it passes the header checks and fails at decoding
        byte[] header = TestImages.pngHeader(64, 64);
        byte[] broken = java.util.Arrays.copyOf(header, header.length + 50);
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(broken);
        Img2ImgResult r = services()
                .generate()
                .generate(RequestParser.parse(request("image", dataUrl)), BUDGET, ProgressListener.NONE);
        assertThat(r.status()).isEqualTo(JobStatus.FAILURE);
        assertThat(r.error().code()).isEqualTo(ErrorCode.JOB_FAILED);
        assertThat(r.error().message()).contains("rendering failed");
    }
}
