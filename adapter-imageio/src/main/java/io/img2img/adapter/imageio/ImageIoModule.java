package io.img2img.adapter.imageio;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.img2img.application.port.out.ImageCodec;

/** The image codec on ImageIO (PNG, JPEG, GIF, BMP, TIFF, WebP), bound as the {@link ImageCodec} port. */
public final class ImageIoModule extends AbstractModule {

    /** The codec itself, for wiring without an injector (tests of other adapters that resize real images). */
    public static ImageCodec codec() {
        return new ImageIoCodec();
    }

    @Provides
    @Singleton
    ImageCodec imageCodec() {
        return codec();
    }
}
