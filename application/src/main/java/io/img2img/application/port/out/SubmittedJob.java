package io.img2img.application.port.out;

/** A started job. {@code creativeUnitsCost} is what the backend billed, {@code null} when it did not say. */
public record SubmittedJob(String jobId, Double creativeUnitsCost) {}
