package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.img2img.application.testkit.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads as people send them (SPEC §6): multipart/form-data built by OkHttp's MultipartBody, through real
 * HTTP, into the whole object graph of `img2img serve --backend local`.
 */
class RestMultipartTest {
    private static final MediaType PNG = MediaType.get("image/png");
    private static final OkHttpClient HTTP = new OkHttpClient.Builder()
            .readTimeout(Duration.ofSeconds(120))
            .writeTimeout(Duration.ofSeconds(120))
            .build();

    @TempDir
    Path outputs;

    private InProcessServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = InProcessServer.local(outputs);
        base = server.base;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A form with modelId and prompt, the file as {@code image} (unless null), then the text pairs. */
    private static MultipartBody.Builder form(byte[] image, String... pairs) {
        MultipartBody.Builder form = new MultipartBody.Builder()
                .setType(MultipartBody.FORM)
                .addFormDataPart("modelId", "model_example")
                .addFormDataPart("prompt", "a lighthouse at dusk, warm");
        if (image != null) {
            form.addFormDataPart("image", "reference.png", RequestBody.create(image, PNG));
        }
        for (int i = 0; i < pairs.length; i += 2) {
            form.addFormDataPart(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    private record Answer(int status, JsonNode body, Response response) {}

    private Answer post(String path, RequestBody body, String... headers) throws IOException {
        Request.Builder request = new Request.Builder().url(base + path).post(body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try (Response response = HTTP.newCall(request.build()).execute()) {
            return new Answer(
                    response.code(), HttpCalls.JSON.readTree(response.body().string()), response);
        }
    }

    private Answer generate(MultipartBody.Builder form, String... headers) throws IOException {
        return post("/v1/generate/img2img", form.build(), headers);
    }

    private static List<String> fields(Answer a) {
        return a.body().path("errors").findValuesAsText("field");
    }

    private long savedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(outputs)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void threeAndFifteenMegabytePngsUploadedAsFilesRunOnTheLocalBackend() throws Exception {
        for (int side : new int[] {1000, 2240}) { // about 3 MB and 15 MB of noise: PNG barely compresses it
            byte[] png = TestImages.noisyPng(side, side, side);
            assertThat(png.length).isGreaterThan(side == 1000 ? 2_900_000 : 14_900_000);
            Answer a = generate(form(png, "numSamples", "2", "width", "64", "height", "64", "seed", "7"));
            assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
            assertThat(a.body().get("status").asText()).isEqualTo("success");
            assertThat(a.body().get("images")).hasSize(2);
            assertThat(a.body().get("seed").asText()).isEqualTo("7");
        }
    }

    @Test
    void anAssetIdAsATextPartChainsAResultDryRunAndPreferWaitWorkAsForJson() throws Exception {
        byte[] png = Files.readAllBytes(Processes.ROOT.resolve("examples/reference.png"));
        Answer first = generate(form(png, "numSamples", "1", "width", "64", "height", "64"));
        String assetId = first.body().at("/images/0/assetId").asText();
        assertThat(assetId).startsWith("asset_");

        Answer chained = generate(form(null, "image", assetId, "numSamples", "1", "width", "64", "height", "64"));
        assertThat(chained.status()).as(chained.body().toString()).isEqualTo(200);
        assertThat(chained.body().get("status").asText()).isEqualTo("success");

        Answer dry = post("/v1/generate/img2img?dryRun=true", form(png).build());
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.body().get("dryRun").asBoolean()).isTrue();

        Answer waitless = generate(form(png, "numSamples", "1", "width", "64", "height", "64"), "Prefer", "wait=0");
        assertThat(waitless.status()).isEqualTo(202);
        assertThat(waitless.response().header("Location"))
                .isEqualTo("/v1/jobs/" + waitless.body().get("jobId").asText());
        // the job runs on after the answer: see it end before the output folder goes
        var done = HttpCalls.get(base + waitless.response().header("Location"), "Prefer", "wait=30");
        assertThat(HttpCalls.json(done).get("status").asText()).isEqualTo("success");
    }

    @Test
    void wrongPartTypesAnUnknownPartADuplicateAndNoImageAreNamedAllAtOnce() throws Exception {
        byte[] png = Files.readAllBytes(Processes.ROOT.resolve("examples/reference.png"));
        Answer types = generate(
                form(png, "numSamples", "two", "strength", "high", "hideResults", "maybe", "concepts", "{not json"));
        assertThat(types.status()).isEqualTo(400);
        assertThat(fields(types)).containsExactlyInAnyOrder("numSamples", "strength", "hideResults", "concepts");
        assertThat(types.body().toString()).contains("must be an integer; got the string \\\"two\\\"");

        Answer odd = generate(form(png, "negative_prompt", "fog", "numSamples", "1", "numSamples", "2"));
        assertThat(odd.status()).isEqualTo(400);
        assertThat(fields(odd)).containsExactlyInAnyOrder("negative_prompt", "numSamples");
        assertThat(odd.body().toString()).contains("did you mean negativePrompt?", "more than once");

        Answer none = generate(form(null, "numSamples", "1"));
        assertThat(none.status()).isEqualTo(400);
        assertThat(fields(none)).containsExactly("image");
        assertThat(savedFiles()).as("no job started").isZero();
    }

    @Test
    void thirtyTwoPartsAreReadAndAThirtyThirdIsRefused() throws Exception {
        byte[] png = Files.readAllBytes(Processes.ROOT.resolve("examples/reference.png"));
        MultipartBody.Builder thirtyTwo = form(png);
        for (int i = 0; i < 29; i++) {
            thirtyTwo.addFormDataPart("extra" + i, "x");
        }
        Answer read = generate(thirtyTwo);
        assertThat(read.status()).isEqualTo(400);
        assertThat(fields(read)).hasSize(29).allMatch(f -> f.startsWith("extra"));

        Answer refused = generate(thirtyTwo.addFormDataPart("extra29", "x"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("code").asText()).isEqualTo("too-many-parts");
        assertThat(refused.body().get("detail").asText()).contains("at most 32 parts");
    }

    @Test
    void aBodyOverTheLimitIs413AndAnImageOverThePixelBoundIs400OnImage() throws Exception {
        Answer large = generate(form(new byte[33 * 1024 * 1024]));
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.body().get("code").asText()).isEqualTo("body-too-large");

        Answer bomb = generate(form(TestImages.pngHeader(10_000, 5_000))); // 50 megapixels claimed by the header
        assertThat(bomb.status()).isEqualTo(400);
        assertThat(fields(bomb)).containsExactly("image");
        assertThat(bomb.body().at("/errors/0/message").asText()).contains("50000000 pixels");
        assertThat(savedFiles()).isZero();
    }

    @Test
    void aFormPostedFromAForeignPageIs403AndStartsNothingWhileOtherTypesStay415() throws Exception {
        byte[] png = Files.readAllBytes(Processes.ROOT.resolve("examples/reference.png"));
        Answer foreign = generate(form(png, "numSamples", "1"), "Origin", "https://evil.example");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body().get("code").asText()).isEqualTo("forbidden-origin");
        assertThat(savedFiles()).as("nothing started").isZero();

        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
            Answer other = post("/v1/generate/img2img", RequestBody.create("modelId=x", MediaType.get(type)));
            assertThat(other.status()).as(type).isEqualTo(415);
        }
    }

    @Test
    void theSameRequestAsJsonAndAsAFormWithOneIdempotencyKeyIsOneJob() throws Exception {
        byte[] png = Files.readAllBytes(Processes.ROOT.resolve("examples/reference.png"));
        var json = HttpCalls.post(
                base + "/v1/generate/img2img",
                HttpCalls.body("numSamples", 1, "width", 64, "height", 64, "seed", "5"),
                "Idempotency-Key",
                "same-request-1");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        Answer asForm = generate(
                form(png, "numSamples", "1", "width", "64", "height", "64", "seed", "5"),
                "Idempotency-Key",
                "same-request-1");
        assertThat(asForm.status()).as(asForm.body().toString()).isEqualTo(200);
        assertThat(asForm.body().get("jobId").asText())
                .isEqualTo(HttpCalls.json(json).get("jobId").asText());
        assertThat(savedFiles()).as("one job, one image").isEqualTo(1);

        Answer other = generate(
                form(png, "numSamples", "1", "width", "64", "height", "64", "seed", "6"),
                "Idempotency-Key",
                "same-request-1");
        assertThat(other.status()).isEqualTo(422);
    }
}
