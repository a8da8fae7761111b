package io.img2img.application.port.in;

import io.img2img.domain.result.Backend;

/** What the running service is: its backend, its version and the limits it applies to every request. */
public interface DescribeServer {

    /**
     * @param maxImageBytes      the largest reference image accepted, in bytes
     * @param maxConcurrentJobs  how many jobs run at once
     * @param maxCreativeUnits   the most Creative Units one generation may cost, or {@code null} for no cap
     */
    record Limits(long maxImageBytes, int maxConcurrentJobs, Double maxCreativeUnits) {}

    record Description(Backend backend, String version, Limits limits) {}

    Description describe();
}
