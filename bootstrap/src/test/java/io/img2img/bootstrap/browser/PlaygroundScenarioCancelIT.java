package io.img2img.bootstrap.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The page's Cancel button on a job running at Scenario (SPEC §6, §11): the job shows {@code canceling} while
 * Scenario has not reported its end, Scenario's cancel action is sent once, and the job ends canceled with the
 * image Scenario made before the cancel shown. Scenario is a MockWebServer; the server is the fat jar.
 */
class PlaygroundScenarioCancelIT {
    @TempDir
    Path home;

    /** Scenario: one img2img model, one job that runs until canceled, then lists the one image it made. */
    static final class Scenario extends Dispatcher implements AutoCloseable {
        final MockWebServer api = new MockWebServer();
        final List<RecordedRequest> actions = new CopyOnWriteArrayList<>();
        volatile boolean canceled;

        Scenario() throws IOException {
            api.setDispatcher(this);
            api.start();
        }

        private static MockResponse json(String body) {
            return new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "application/json")
                    .body(body)
                    .build();
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            String model = "{\"id\":\"model_sdxl\",\"name\":\"Team SDXL\",\"type\":\"sd-xl\",\"status\":\"trained\","
                    + "\"capabilities\":[\"txt2img\",\"img2img\"],\"custom\":false,\"compliantModelIds\":[]}";
            if (path.equals("/v1/models")) {
                return json("{\"models\":[" + model + "]}");
            }
            if (path.equals("/v1/models/public")) {
                return json("{\"models\":[]}");
            }
            if (path.equals("/v1/models/model_sdxl")) {
                return json("{\"model\":" + model + "}");
            }
            if (path.equals("/v1/generate/img2img")) {
                return "true".equals(request.getUrl().queryParameter("dryRun"))
                        ? json("{\"creativeUnitsCost\":12}")
                                .newBuilder()
                                .code(269)
                                .build()
                        : json(
                                "{\"creativeUnitsCost\":12,\"job\":{\"jobId\":\"job_inTheBrowser\",\"status\":\"queued\","
                                        + "\"progress\":0,\"metadata\":{}}}");
            }
            if (path.equals("/v1/jobs/job_inTheBrowser/action")) {
                actions.add(request);
                return json("{}");
            }
            if (path.equals("/v1/jobs/job_inTheBrowser")) {
                return canceled
                        ? json("{\"job\":{\"jobId\":\"job_inTheBrowser\",\"status\":\"canceled\",\"progress\":0.5,"
                                + "\"metadata\":{\"assetIds\":[\"asset_beforeCancel\"]}}}")
                        : json("{\"job\":{\"jobId\":\"job_inTheBrowser\",\"status\":\"in-progress\",\"progress\":0.5,"
                                + "\"metadata\":{}}}");
            }
            if (path.equals("/v1/assets/asset_beforeCancel")) {
                return json("{\"asset\":{\"id\":\"asset_beforeCancel\",\"mimeType\":\"image/png\",\"url\":\""
                        + api.url("/signed/asset_beforeCancel.png") + "\"}}");
            }
            if (path.equals("/signed/asset_beforeCancel.png")) {
                return new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "image/png")
                        .body(new okio.Buffer().write(png()))
                        .build();
            }
            return new MockResponse.Builder().code(404).body("{}").build();
        }

        String baseUrl() {
            return api.url("/v1").toString();
        }

        @Override
        public void close() {
            api.close();
        }
    }

    static byte[] png() {
        try {
            BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            image.setRGB(3, 3, 0x00FF00);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCancelButtonAsksScenarioOnceShowsCancelingAndThenTheCanceledJobWithItsImage() throws Exception {
        try (Scenario scenario = new Scenario();
                PlaygroundSession session = PlaygroundSession.start(
                        home,
                        Map.of(
                                "IMG2IMG_BACKEND",
                                "scenario",
                                "SCENARIO_API_URL",
                                scenario.baseUrl(),
                                "SCENARIO_API_KEY",
                                "key-ABCDEF123",
                                "SCENARIO_API_SECRET",
                                "secret-XYZ987"))) {
            PlaygroundPage page = session.page();
            page.open();
            page.chooseReference();
            page.type("field-prompt", "a harbour at dawn");
            page.type("field-numSamples", "1");
            page.waitForText("price", "12");
            page.click(By.id("generate"));
            page.waitForText("progress-text", "Generating:");

            page.click(By.id("cancel"));
            page.waitForText("progress-text", "Canceling");
            assertThat(page.byId("cancel").isEnabled())
                    .as("asked once: the button waits for Scenario")
                    .isFalse();
            page.show("progress-text");
            session.browser().screenshot("playground-scenario-canceling");
            assertThat(scenario.actions).hasSize(1);
            assertThat(scenario.actions.get(0).getBody().utf8()).isEqualTo("{\"action\":\"cancel\"}");

            scenario.canceled = true;
            page.waitForText("progress-text", "Canceled");
            page.waitForImages(1, 64);
            assertThat(page.byId("cancel").isDisplayed()).isFalse();
            assertThat(session.api().jobs().get(0).path("status").asText()).isEqualTo("canceled");
            assertThat(scenario.actions).as("never sent again").hasSize(1);
        }
    }
}
