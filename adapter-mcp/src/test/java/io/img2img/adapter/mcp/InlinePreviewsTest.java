package io.img2img.adapter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.adapter.imageio.ImageIoModule;
import io.img2img.application.testkit.TestImages;
import io.img2img.application.usecase.PreviewImagesService;
import io.img2img.domain.result.Img2ImgResult;
import io.img2img.domain.result.JobStatus;
import io.img2img.domain.result.ProducedImage;
import io.modelcontextprotocol.spec.McpSchema;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one MCP test over a real use case: the 1 MiB bound of a tool result depends on both the front end's budget
 * ({@link ResultContent}) and what the preview service makes of it, so the service runs here as bootstrap wires it
 * (over ImageIO), on sixteen noisy megapixel PNGs far larger than one result. Nothing else of the application runs.
 */
class InlinePreviewsTest {
    @TempDir
    Path outputs;

    @Test
    void sixteenLargeNoisySamplesStayUnderOneMebibyteAsJpegPreviewsWithLinks() throws Exception {
        MemoryAssetStore store = new MemoryAssetStore(outputs);
        List<ProducedImage> images = new ArrayList<>();
        long fullBytes = 0;
        for (int i = 0; i < 16; i++) {
            byte[] png = TestImages.noisyPng(1024, 1024, i);
            fullBytes += png.length;
            var saved = store.save("asset_big" + i, "image/png", png);
            images.add(new ProducedImage(saved.assetId(), null, "image/png", 1024, 1024, saved.path()));
        }
        assertThat(fullBytes)
                .as("the full images are far larger than one result")
                .isGreaterThan(16L * 1024 * 1024);
        ResultContent content = new ResultContent(
                new PreviewImagesService(store, ImageIoModule.codec()),
                ServerAssembly.JSON,
                Fixture.DEFAULTS.inlineBytes());

        McpSchema.CallToolResult result = content.render(new Img2ImgResult(
                StubUseCases.BACKEND, "job_big", JobStatus.SUCCESS, 1.0, "42", null, images, false, null));

        assertThat(result.isError()).isFalse();
        assertThat(Fixture.JSON.writeValueAsBytes(result).length).isLessThan(1024 * 1024);
        List<McpSchema.ImageContent> previews = Fixture.contents(result, McpSchema.ImageContent.class);
        assertThat(previews).hasSize(16);
        long inlined = 0;
        for (McpSchema.ImageContent preview : previews) {
            assertThat(preview.mimeType()).isEqualTo("image/jpeg");
            inlined += preview.data().length();
            BufferedImage decoded = TestImages.read(Base64.getDecoder().decode(preview.data()));
            assertThat(decoded.getWidth()).isBetween(16, 1023);
            assertThat(decoded.getWidth()).isEqualTo(decoded.getHeight());
        }
        assertThat(inlined).isLessThanOrEqualTo(Fixture.DEFAULTS.inlineBytes());
        assertThat(Fixture.contents(result, McpSchema.ResourceLink.class))
                .extracting(McpSchema.ResourceLink::uri)
                .hasSize(16)
                .doesNotHaveDuplicates();
        assertThat(Fixture.text(result)).contains("previews");
        assertThat(Files.size(Path.of(images.get(0).path()))).isPositive();
    }
}
