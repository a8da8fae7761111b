package io.img2img.application.port.in;

/** Told how far a job has come: {@code progress} in 0–1, never decreasing within one call. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (progress, message) -> {};

    void onProgress(double progress, String message);
}
