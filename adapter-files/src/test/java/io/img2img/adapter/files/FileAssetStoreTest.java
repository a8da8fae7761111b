package io.img2img.adapter.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.img2img.adapter.imageio.ImageIoModule;
import io.img2img.application.port.out.StoredAsset;
import io.img2img.application.testkit.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAssetStoreTest {
    @TempDir
    Path dir;

    private FileAssetStore store() {
        return new FileAssetStore(dir, ImageIoModule.codec());
    }

    @Test
    void savesFindsAndOpens() throws Exception {
        byte[] png = TestImages.gradient("png", 20, 10);
        StoredAsset saved = store().save("asset_abc-1_Z", "image/png", png);
        assertThat(saved)
                .isEqualTo(new StoredAsset(
                        "asset_abc-1_Z",
                        "image/png",
                        20,
                        10,
                        png.length,
                        dir.resolve("asset_abc-1_Z.png").toString()));
        assertThat(Path.of(saved.path())).isAbsolute().exists();
        try (InputStream in = store().open("asset_abc-1_Z").orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(png);
        }
        assertThat(store().save("asset_abc-1_Z", "image/png", png))
                .as("saving again is harmless")
                .isEqualTo(saved);
        assertThat(store().find("asset_other")).isEmpty();
    }

    @Test
    void badIdsNeverReachTheFileSystem() throws Exception {
        Files.writeString(dir.getParent().resolve("secret.png"), "x");
        byte[] png = TestImages.gradient("png", 4, 4);
        for (String bad : List.of(
                "../secret",
                "asset_../../secret",
                "asset_a/b",
                "/etc/passwd",
                "",
                "asset_",
                "asset_a.png",
                "asset_a\u0000",
                "ASSET_x",
                "asset_" + "x".repeat(200))) {
            assertThat(store().find(bad)).as(bad).isEmpty();
            assertThat(store().open(bad)).as(bad).isEmpty();
            assertThatThrownBy(() -> store().save(bad, "image/png", png))
                    .as(bad)
                    .isInstanceOf(IOException.class);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void theOutputFolderIsOwnerOnlyAndItsFilesTooWhateverTheUmask() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file modes only");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path output = dir.resolve("made/by/the/store");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        "sh",
                        "-c",
                        "umask 000 && exec \"$0\" -cp \"$1\" " + SaveOneAsset.class.getName() + " \"$2\"",
                        java,
                        System.getProperty("java.class.path"),
                        output.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor()).as(said).isZero();
        for (Path folder : List.of(dir.resolve("made"), dir.resolve("made/by"), dir.resolve("made/by/the"), output)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                    .as(folder.toString())
                    .isEqualTo("rwx------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(output.resolve("asset_umask.png"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aSymbolicLinkPlantedInTheFolderIsNeverServed() throws Exception {
        Path elsewhere = dir.resolve("elsewhere");
        Files.createDirectory(elsewhere);
        Path secret = elsewhere.resolve("secret.png");
        Files.write(secret, TestImages.gradient("png", 12, 12));
        Path output = dir.resolve("out");
        FileAssetStore store = new FileAssetStore(output, ImageIoModule.codec());
        store.save("asset_real", "image/png", TestImages.gradient("png", 4, 4));
        Files.createSymbolicLink(output.resolve("asset_x.png"), secret);
        assertThat(store.find("asset_x")).isEmpty();
        assertThat(store.open("asset_x")).isEmpty();
        assertThat(new FileAssetStore(output, ImageIoModule.codec()).find("asset_x"))
                .as("a fresh store too")
                .isEmpty();
        // a real asset replaced by a link after it was found is not served from memory either
        assertThat(store.find("asset_real")).isPresent();
        Files.delete(output.resolve("asset_real.png"));
        Files.createSymbolicLink(output.resolve("asset_real.png"), secret);
        assertThat(store.find("asset_real")).isEmpty();
        assertThat(store.open("asset_real")).isEmpty();
    }

    @Test
    void anInterruptedWriteLeavesNoFile() throws Exception {
        byte[] png = TestImages.gradient("png", 64, 64);
        InputStream breaksHalfway =
                new SequenceInputStream(new ByteArrayInputStream(png, 0, png.length / 2), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("disk unplugged");
                    }
                });
        assertThatThrownBy(() -> store().saveFrom("asset_half", "image/png", breaksHalfway))
                .hasMessageContaining("disk unplugged");
        assertThat(store().find("asset_half")).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.toList())
                    .as("no half-written or temporary file remains")
                    .isEmpty();
        }
    }

    @Test
    void aRememberedAssetFollowsTheDisk() throws Exception {
        FileAssetStore store = store();
        store.save("asset_kept", "image/png", TestImages.gradient("png", 20, 10));
        assertThat(store.find("asset_kept")).map(StoredAsset::width).contains(20);
        store.save("asset_kept", "image/png", TestImages.gradient("png", 30, 15));
        assertThat(store.find("asset_kept"))
                .as("a replaced file is read again")
                .map(StoredAsset::width)
                .contains(30);
        Files.write(dir.resolve("asset_kept.png"), TestImages.gradient("png", 44, 22)); // edited in place
        assertThat(store.find("asset_kept"))
                .as("a file changed behind the store is read again")
                .map(StoredAsset::width)
                .contains(44);
        Files.delete(dir.resolve("asset_kept.png"));
        assertThat(store.find("asset_kept"))
                .as("a deleted file is not reported")
                .isEmpty();
        assertThat(store.open("asset_kept")).isEmpty();
    }

    @Test
    void aJpegHeaderPastTheFirstBlockIsStillSized() throws Exception {
        byte[] jpeg = TestImages.gradient("jpg", 40, 24);
        byte[] comment = new byte[12_000 + 4]; // a COM segment before the frame header
        comment[0] = (byte) 0xFF;
        comment[1] = (byte) 0xFE;
        comment[2] = (byte) ((comment.length - 2) >> 8);
        comment[3] = (byte) (comment.length - 2);
        byte[] deep = new byte[jpeg.length + comment.length];
        System.arraycopy(jpeg, 0, deep, 0, 2); // SOI
        System.arraycopy(comment, 0, deep, 2, comment.length);
        System.arraycopy(jpeg, 2, deep, 2 + comment.length, jpeg.length - 2);
        StoredAsset saved = store().save("asset_deep", "image/jpeg", deep);
        assertThat(saved.width()).isEqualTo(40);
        assertThat(saved.height()).isEqualTo(24);
    }
}
