package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reference over Scenario's 6 MiB inline limit is scaled down to fit, not refused (SPEC §3); the result says so. */
class ScenarioLargeReferenceTest {
    private static final long INLINE_LIMIT = 6L * 1024 * 1024;

    @TempDir
    Path outputs;

    private FakeScenario scenario;
    private InProcessServer server;
    private String base;

    private final String ledgerUrl = TempLedger.url();

    @BeforeEach
    void start() throws Exception {
        scenario = new FakeScenario();
        startServer("8");
    }

    private void startServer(String maxConcurrentJobs) throws Exception {
        server = InProcessServer.scenario(
                outputs, scenario.baseUrl(), ledgerUrl, Map.of("IMG2IMG_MAX_CONCURRENT_JOBS", maxConcurrentJobs));
        base = server.base;
    }

    @Test
    void aQueuedNineMegabyteReferenceIsFittedWhenClaimedAndItsNotesAreKeptWithTheJob() throws Exception {
        server.close();
        startServer("1");
        scenario.jobsMayEnd = false; // the first job holds the only slot until the test lets jobs end
        post(base + "/v1/generate/img2img", body("modelId", "model_sdxl", "numSamples", 1), "Prefer", "wait=0");
        byte[] reference = TestImages.noisyPng(2400, 1250, 9);
        HttpResponse<String> queued = post(
                base + "/v1/generate/img2img",
                body(
                        "modelId",
                        "model_sdxl",
                        "numSamples",
                        1,
                        "width",
                        768,
                        "height",
                        512,
                        "image",
                        "data:image/png;base64," + Base64.getEncoder().encodeToString(reference)),
                "Prefer",
                "wait=0");
        assertThat(json(queued).get("status").asText()).as(queued.body()).isEqualTo("queued");
        String jobId = json(queued).get("jobId").asText();
        assertThat(json(HttpCalls.get(base + "/v1/jobs/" + jobId))
                        .at("/notes/0")
                        .asText())
                .as("the notes are kept with the queued job")
                .contains("inline limit", "984x512");
        assertThat(scenario.generationPostCount()).isEqualTo(1);

        scenario.jobsMayEnd = true; // the first job ends; the queued one is claimed and sent
        JsonNode done = json(HttpCalls.get(base + "/v1/jobs/" + jobId, "Prefer", "wait=60"));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("success");
        assertThat(done.at("/notes/0").asText()).contains("inline limit", "2400x1250", "984x512");
        List<mockwebserver3.RecordedRequest> posts = scenario.requests.stream()
                .filter(q -> q.getMethod().equals("POST")
                        && q.getUrl().encodedPath().endsWith("/generate/img2img")
                        && !"true".equals(q.getUrl().queryParameter("dryRun"))) // every job is priced first
                .toList();
        assertThat(posts).hasSize(2);
        String image = HttpCalls.JSON
                .readTree(posts.get(1).getBody().utf8())
                .get("image")
                .asText();
        byte[] sent = Base64.getDecoder().decode(image.substring(image.indexOf(',') + 1));
        assertThat((long) sent.length)
                .as("the claimed job's reference fits the inline limit")
                .isLessThanOrEqualTo(INLINE_LIMIT);
        assertThat(TestImages.read(sent).getHeight()).isEqualTo(512);

        server.close(); // a restart: the notes come from the ledger
        startServer("1");
        assertThat(json(HttpCalls.get(base + "/v1/jobs/" + jobId))
                        .at("/notes/0")
                        .asText())
                .contains("984x512");
    }

    @AfterEach
    void stop() {
        server.close();
        scenario.close();
    }

    @Test
    void aNineMegabyteReferenceIsSentScaledDownYetCoveringTheOutputSizeAndTheResultSaysSo() throws Exception {
        byte[] reference = TestImages.noisyPng(2400, 1250, 9); // noise: about 9 MB as PNG
        assertThat((long) reference.length).isGreaterThan(8_500_000L);
        HttpResponse<String> r = post(
                base + "/v1/generate/img2img",
                body(
                        "modelId",
                        "model_sdxl",
                        "numSamples",
                        1,
                        "width",
                        768,
                        "height",
                        512,
                        "image",
                        "data:image/png;base64," + Base64.getEncoder().encodeToString(reference)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = json(r);
        assertThat(result.get("notes")).hasSize(1);
        assertThat(result.at("/notes/0").asText()).contains("inline limit", "2400x1250", "984x512");

        List<mockwebserver3.RecordedRequest> posts = scenario.requests.stream()
                .filter(q -> q.getMethod().equals("POST")
                        && q.getUrl().encodedPath().endsWith("/generate/img2img")
                        && !"true".equals(q.getUrl().queryParameter("dryRun"))) // every job is priced first
                .toList();
        assertThat(posts).hasSize(1);
        String image = HttpCalls.JSON
                .readTree(posts.get(0).getBody().utf8())
                .get("image")
                .asText();
        assertThat(image).startsWith("data:image/jpeg;base64,"); // no transparency: JPEG
        byte[] sent = Base64.getDecoder().decode(image.substring(image.indexOf(',') + 1));
        assertThat((long) sent.length).isLessThanOrEqualTo(INLINE_LIMIT);
        BufferedImage decoded = TestImages.read(sent);
        assertThat(decoded.getWidth()).isGreaterThanOrEqualTo(768);
        assertThat(decoded.getHeight()).isEqualTo(512);
        assertThat((double) decoded.getWidth() / decoded.getHeight())
                .isCloseTo(2400.0 / 1250, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aReferenceUnderTheLimitIsSentUnchangedWithNoNote() throws Exception {
        HttpResponse<String> r = post(
                base + "/v1/generate/img2img",
                body("modelId", "model_sdxl", "numSamples", 1, "width", 512, "height", 512));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).has("notes")).isFalse();
        String image = scenario.requests.stream()
                .filter(q -> q.getMethod().equals("POST"))
                .map(q -> {
                    try {
                        return HttpCalls.JSON
                                .readTree(q.getBody().utf8())
                                .get("image")
                                .asText();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .findFirst()
                .orElseThrow();
        assertThat(image).isEqualTo(HttpCalls.exampleDataUrl());
    }

    /** A PNG of seeded noise with a varying alpha channel: transparency that must survive, and that barely compresses. */
    private static byte[] transparentNoise(int w, int h) throws java.io.IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        java.util.Random random = new java.util.Random(w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private HttpResponse<String> generate(byte[] png, int width, int height) throws Exception {
        return post(
                base + "/v1/generate/img2img",
                body(
                        "modelId",
                        "model_sdxl",
                        "numSamples",
                        1,
                        "width",
                        width,
                        "height",
                        height,
                        "image",
                        "data:image/png;base64," + Base64.getEncoder().encodeToString(png)));
    }

    @Test
    void aTransparentReferenceStaysPngAndOneThatCannotFitIsRefusedSayingWhy() throws Exception {
        byte[] transparent = transparentNoise(1400, 1400); // about 7.8 MB
        assertThat((long) transparent.length).isGreaterThan(INLINE_LIMIT);
        HttpResponse<String> r = generate(transparent, 512, 512);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).at("/notes/0").asText()).contains("PNG (it has transparency)", "512x512");
        String image = HttpCalls.JSON
                .readTree(scenario.requests.stream()
                        .filter(q -> q.getMethod().equals("POST")
                                && q.getUrl().encodedPath().endsWith("/generate/img2img"))
                        .findFirst()
                        .orElseThrow()
                        .getBody()
                        .utf8())
                .get("image")
                .asText();
        assertThat(image).startsWith("data:image/png;base64,");
        assertThat(TestImages.read(Base64.getDecoder().decode(image.substring(image.indexOf(',') + 1)))
                        .getColorModel()
                        .hasAlpha())
                .isTrue();

        // at 1400x1400 the covering size of 1400x1400 is the image itself: noise with alpha cannot get under 6 MiB
        int postsBefore = scenario.generationPosts.get();
        HttpResponse<String> refused = generate(transparent, 1400, 1400);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused).at("/errors/0/field").asText()).isEqualTo("image");
        assertThat(json(refused).at("/errors/0/message").asText())
                .contains("6291456 bytes inline", "smaller width and height");
        assertThat(scenario.generationPosts.get()).isEqualTo(postsBefore);
    }
}
