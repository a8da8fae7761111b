package io.img2img.application.usecase;

import io.img2img.application.ServicePolicy;
import io.img2img.application.port.in.DescribeServer;
import io.img2img.domain.result.Backend;

/** The running service as configured: fixed for the life of the process. */
public final class DescribeServerService implements DescribeServer {
    private final Description description;

    public DescribeServerService(Backend backend, String version, ServicePolicy policy) {
        this.description = new Description(
                backend,
                version,
                new Limits(policy.maxImageBytes(), policy.maxConcurrentJobs(), policy.maxCreativeUnits()));
    }

    @Override
    public Description describe() {
        return description;
    }
}
