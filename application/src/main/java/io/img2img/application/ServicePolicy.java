package io.img2img.application;

import io.img2img.domain.result.ResultError;
import java.time.Duration;

/**
 * The policies every backend and front end share.
 *
 * @param maxCreativeUnits   the money guard: refuse generations priced above this; {@code null} = off
 * @param maxConcurrentJobs  jobs being started or waited on at once, across all front ends
 * @param maxImageBytes      the largest decoded input image
 * @param maxImagePixels     the most pixels an input image may have (read from its header)
 * @param busyRetryAfter     the retry hint given when the job bound is reached
 */
public record ServicePolicy(
        Double maxCreativeUnits,
        int maxConcurrentJobs,
        long maxImageBytes,
        long maxImagePixels,
        Duration busyRetryAfter) {

    public static final int DEFAULT_MAX_CONCURRENT_JOBS = 8;
    public static final long DEFAULT_MAX_IMAGE_BYTES = 20L * 1024 * 1024;
    public static final long DEFAULT_MAX_IMAGE_PIXELS = 40_000_000L;

    public ServicePolicy {
        if (maxConcurrentJobs < 1) {
            throw new IllegalArgumentException("maxConcurrentJobs must be at least 1");
        }
        if (maxCreativeUnits != null && !(maxCreativeUnits >= 0)) {
            throw new IllegalArgumentException("maxCreativeUnits must be >= 0");
        }
    }

    public static ServicePolicy defaults() {
        return new ServicePolicy(
                null,
                DEFAULT_MAX_CONCURRENT_JOBS,
                DEFAULT_MAX_IMAGE_BYTES,
                DEFAULT_MAX_IMAGE_PIXELS,
                ResultError.DEFAULT_RETRY_AFTER);
    }

    public ServicePolicy withMaxCreativeUnits(Double limit) {
        return new ServicePolicy(limit, maxConcurrentJobs, maxImageBytes, maxImagePixels, busyRetryAfter);
    }

    public ServicePolicy withMaxConcurrentJobs(int limit) {
        return new ServicePolicy(maxCreativeUnits, limit, maxImageBytes, maxImagePixels, busyRetryAfter);
    }
}
