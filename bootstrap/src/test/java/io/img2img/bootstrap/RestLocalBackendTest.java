package io.img2img.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import io.img2img.adapter.rest.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.img2img.bootstrap.HttpCalls.body;
import static io.img2img.bootstrap.HttpCalls.get;
import static io.img2img.bootstrap.HttpCalls.json;
import static io.img2img.bootstrap.HttpCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole object graph of `img2img serve --backend local` on an ephemeral port, over real HTTP. */
class RestLocalBackendTest {
    @TempDir
    Path outputs;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        Settings settings = Settings.parse("serve", List.of("--port", "0", "--backend", "local",
                "--output-dir", outputs.toString(), "--database-url", TempLedger.url()), Map.of());
        server = Guice.createInjector(Main.modules(settings)).getInstance(HttpServer.class);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(5));
    }

    @Test
    void generatesImagesServedAsPngOfTheRequestedSize() throws Exception {
        HttpResponse<String> r = post(base + "/v1/generate/img2img", body("numSamples", 2, "width", 256, "height", 192,
                "seed", 42));
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
        HttpResponse<String> r = post(base + "/v1/generate/img2img", body("numSamples", 1, "width", 128, "height", 128),
                "Prefer", "wait=0");
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
        HttpResponse<String> second = post(base + "/v1/generate/img2img", body("image", assetId, "numSamples", 1,
                "width", 64, "height", 64, "prompt", "sepia"));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        HttpResponse<String> foreign = post(base + "/v1/generate/img2img", body("image", "asset_notours", "numSamples", 1));
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(json(foreign).at("/errors/0/field").asText()).isEqualTo("image");
    }
}
