package io.img2img.adapter.files;

import io.img2img.adapter.imageio.ImageIoModule;
import io.img2img.application.testkit.TestImages;
import java.nio.file.Path;

/** Saves one asset into the folder named by its argument: run by a test in a child process under another umask. */
public final class SaveOneAsset {
    private SaveOneAsset() {}

    public static void main(String[] args) throws Exception {
        new FileAssetStore(Path.of(args[0]), ImageIoModule.codec())
                .save("asset_umask", "image/png", TestImages.gradient("png", 8, 8));
    }
}
