package io.img2img.application.request;

import io.img2img.application.port.out.ImageBackend;
import io.img2img.application.port.out.ImageCodec;
import io.img2img.application.port.out.Pixels;
import io.img2img.domain.request.Generation;
import io.img2img.domain.request.ImageReference;
import io.img2img.domain.request.Violation;
import java.util.List;
import java.util.OptionalLong;

/**
 * A reference over the backend's inline limit made to fit it (SPEC §3): scaled down, keeping its aspect
 * ratio, to the smallest size that still covers the requested width×height (never below it: the backend
 * works at the output size), and encoded again, as PNG when it has transparency, else as JPEG whose quality
 * is lowered step by step only as far as needed. Below the limit nothing changes; a reference that cannot
 * fit this way is refused, saying why.
 */
public final class ReferenceFit {
    /** The JPEG qualities tried, best first. */
    static final float[] JPEG_QUALITIES = {0.92f, 0.85f, 0.75f, 0.6f, 0.45f};

    /** The generation to run and the notes saying how it was adjusted, or the reason it cannot run. */
    public record Fitted(Generation generation, List<String> notes, Violation refusal) {}

    private final ImageBackend backend;
    private final ImageCodec codec;

    public ReferenceFit(ImageBackend backend, ImageCodec codec) {
        this.backend = backend;
        this.codec = codec;
    }

    public Fitted fit(Generation g) {
        OptionalLong limit = backend.inlineImageLimit();
        if (limit.isEmpty()
                || !(g.image() instanceof ImageReference.DataUrl data)
                || data.bytes().length <= limit.getAsLong()) {
            return new Fitted(g, List.of(), null);
        }
        Pixels pixels;
        try {
            pixels = codec.decode(data.bytes());
        } catch (ImageCodec.InvalidImageException e) {
            return refused(g, "cannot be read as an image: " + e.getMessage());
        }
        String original = pixels.width() + "x" + pixels.height() + ", " + data.bytes().length + " bytes";
        double scale =
                Math.min(1.0, Math.max((double) g.width() / pixels.width(), (double) g.height() / pixels.height()));
        int w = Math.min(pixels.width(), (int) Math.ceil(pixels.width() * scale));
        int h = Math.min(pixels.height(), (int) Math.ceil(pixels.height() * scale));
        Pixels scaled = w == pixels.width() && h == pixels.height() ? pixels : codec.resize(pixels, w, h);
        String type = Transparency.of(scaled) ? "image/png" : "image/jpeg";
        byte[] encoded = null;
        String how = "PNG (it has transparency)";
        for (float quality : type.equals("image/png") ? new float[] {1f} : JPEG_QUALITIES) {
            encoded = codec.encode(scaled, type, quality);
            how = type.equals("image/png") ? how : "JPEG at quality " + quality;
            if (encoded.length <= limit.getAsLong()) {
                break;
            }
        }
        String size = w + "x" + h
                + (scaled == pixels
                        ? " (its own size: it is no larger than the requested width x height)"
                        : " (the smallest size that still covers the requested " + g.width() + "x" + g.height() + ")");
        if (encoded.length > limit.getAsLong()) {
            return refused(
                    g,
                    "is " + original + "; the " + backend.name() + " backend takes at most " + limit.getAsLong()
                            + " bytes inline, and even at " + size + " as " + how + " it takes " + encoded.length
                            + " bytes: send a simpler or smaller image, or ask for a smaller width and height");
        }
        String note = "The reference image (" + original + ") was over the " + backend.name()
                + " backend's inline limit of " + limit.getAsLong() + " bytes: it was sent at " + size + " as " + how
                + ", " + encoded.length + " bytes.";
        return new Fitted(g.withImage(new ImageReference.DataUrl(type, encoded)), List.of(note), null);
    }

    private static Fitted refused(Generation g, String why) {
        return new Fitted(g, List.of(), new Violation("image", why));
    }
}
