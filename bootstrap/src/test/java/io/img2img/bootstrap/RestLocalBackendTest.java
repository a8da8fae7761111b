package io.img2img.bootstrap;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole object graph of `img2img serve --backend local` on an ephemeral port, over real HTTP. */
class RestLocalBackendTest {
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

    @Test
    void generatesImagesServedAsPngOfTheRequestedSize() throws Exception {
        HttpResponse<String> r =
                post(base + "/v1/generate/img2img", body("numSamples", 2, "width", 256, "height", 192, "seed", 42));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = json(r);
        assertThat(result.get("backend").asText()).isEqualTo("local");
        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(result.get("seed").asText()).isEqualTo("42");
        assertThat(result.get("images")).hasSize(2);
        for (JsonNode image : result.get("images")) {
            String url = image.get("url").asText();
            assertThat(url).startsWith(base + "/v1/assets/asset_");
            assertThat(Path.of(image.get("path").asText())).exists().startsWith(outputs);
            HttpResponse<byte[]> png = HttpCalls.getBytes(url);
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png.body()));
            assertThat(decoded.getWidth()).isEqualTo(256);
            assertThat(decoded.getHeight()).isEqualTo(192);
        }
        assertThat(json(get(base + "/health")).get("backend").asText()).isEqualTo("local");
    }

    @Test
    void aZeroWaitAnswers202AndTheJobResourceReachesSuccess() throws Exception {
        HttpResponse<String> r = post(
                base + "/v1/generate/img2img", body("numSamples", 1, "width", 128, "height", 128), "Prefer", "wait=0");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String location = r.headers().firstValue("Location").orElseThrow();
        String jobId = json(r).get("jobId").asText();
        assertThat(location).endsWith("/v1/jobs/" + jobId);
        assertThat(json(r).get("status").asText()).isEqualTo("in-progress");
        String jobUrl = location.startsWith("http") ? location : base + location;
        HttpResponse<String> done = get(jobUrl, "Prefer", "wait=30");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(json(done).get("status").asText()).isEqualTo("success");
        assertThat(json(done).get("images")).hasSize(1);
    }

    @Test
    void chainingAResultIntoANewRequestWorks() throws Exception {
        JsonNode first = json(post(base + "/v1/generate/img2img", body("numSamples", 1, "width", 128, "height", 128)));
        String assetId = first.at("/images/0/assetId").asText();
        HttpResponse<String> second = post(
                base + "/v1/generate/img2img",
                body("image", assetId, "numSamples", 1, "width", 64, "height", 64, "prompt", "sepia"));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        HttpResponse<String> foreign =
                post(base + "/v1/generate/img2img", body("image", "asset_notours", "numSamples", 1));
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(json(foreign).at("/errors/0/field").asText()).isEqualTo("image");
    }

    @Test
    void anAssetPreviewIsDownscaledWithinMaxSideKeepingItsAspect() throws Exception {
        JsonNode result = json(post(base + "/v1/generate/img2img", body("numSamples", 1, "width", 256, "height", 192)));
        String url = result.at("/images/0/url").asText();
        HttpResponse<byte[]> small = HttpCalls.getBytes(url + "?maxSide=64");
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(small.body()));
        assertThat(thumbnail.getWidth()).isEqualTo(64);
        assertThat(thumbnail.getHeight()).isEqualTo(48);
        BufferedImage whole = ImageIO.read(new ByteArrayInputStream(
                HttpCalls.getBytes(url + "?maxSide=1024").body()));
        assertThat(whole.getWidth()).as("never enlarged").isEqualTo(256);

        for (String bad : new String[] {"8", "2000", "big"}) {
            HttpResponse<String> refused = get(url + "?maxSide=" + bad);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(json(refused).at("/errors/0/field").asText()).isEqualTo("maxSide");
            assertThat(json(refused).at("/errors/0/message").asText()).contains("16", "1024");
        }
        assertThat(get(base + "/v1/assets/asset_nothere?maxSide=64").statusCode())
                .isEqualTo(404);
    }

    @Test
    void theLocalBackendListsItsOneProceduralPseudoModel() throws Exception {
        JsonNode page = json(get(base + "/v1/models"));
        assertThat(page.get("backend").asText()).isEqualTo("local");
        assertThat(page.has("nextCursor")).isFalse();
        assertThat(page.get("models")).singleElement().satisfies(m -> {
            assertThat(m.get("id").asText()).isEqualTo("local-procedural");
            assertThat(m.get("name").asText()).contains("not an AI model");
            assertThat(m.get("family").asText()).isEqualTo("unknown");
            assertThat(m.at("/ranges/width/multipleOf").asInt()).isEqualTo(8);
        });
    }
}
