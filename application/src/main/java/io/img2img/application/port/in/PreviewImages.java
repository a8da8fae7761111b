package io.img2img.application.port.in;

import io.img2img.domain.result.ProducedImage;
import java.util.List;

/**
 * What of the produced images fits inline in an answer within a budget of base64 bytes: the full images
 * when they all fit, otherwise downscaled JPEG previews sized to share the budget, and nothing for an
 * image whose smallest preview does not fit.
 */
public interface PreviewImages {

    /** How the images fit: all full size, all as previews, some previews, or none. */
    enum Mode {
        NONE,
        FULL,
        PREVIEWS,
        SOME_PREVIEWS
    }

    record Inline(byte[] bytes, String mimeType) {}

    record Previews(Mode mode, List<Inline> images) {
        public Previews {
            images = List.copyOf(images);
        }
    }

    Previews within(List<ProducedImage> images, long base64Budget);

    static long base64Length(long bytes) {
        return (bytes + 2) / 3 * 4;
    }
}
