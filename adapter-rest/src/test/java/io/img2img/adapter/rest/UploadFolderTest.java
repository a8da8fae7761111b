package io.img2img.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.img2img.application.testkit.PngHeaderCodec;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Form parts past the in-memory size wait in a folder only this user reads; nothing stays after the request. */
class UploadFolderTest {
    private static final String BOUNDARY = "b0undary42";

    private static byte[] form(byte[] image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] text : new String[][] {{"modelId", "model_x"}, {"prompt", "a lighthouse"}, {"numSamples", "1"}}) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + text[0] + "\"\r\n\r\n"
                            + text[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"r.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(image);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void aLargePartLeavesNothingInThePrivateFolderWhichGoesWithTheServer() throws Exception {
        Path folder;
        try (TestServer s = new TestServer(TestServer.Setup.defaults().maxBody(8L << 20))) {
            s.ports.generate = call -> StubUseCases.success("job_1", 1);
            folder = s.rest.uploadFolder();
            assertThat(folder).isDirectory();
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                        .isEqualTo("rwx------");
            }
            byte[] header = PngHeaderCodec.png(64, 64);
            byte[] image = new byte[3 * FormBody.IN_MEMORY_BYTES]; // past the in-memory size: spooled to the folder
            System.arraycopy(header, 0, image, 0, header.length);
            HttpResponse<String> r = TestServer.CLIENT.send(
                    HttpRequest.newBuilder(URI.create(s.base + "/v1/generate/img2img"))
                            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(form(image)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(s.ports.generateCalls)
                    .singleElement()
                    .satisfies(call -> assertThat(call.request().request().image())
                            .as("the spooled part reached the port whole")
                            .isNotNull());
            try (Stream<Path> left = Files.list(folder)) {
                assertThat(left).isEmpty();
            }
        }
        assertThat(folder).doesNotExist();
    }
}
