package io.img2img.domain.request;

/** A LoRA concept applied on top of the model. {@code modelEpoch} may be {@code null}. */
public record Concept(String modelId, double scale, String modelEpoch) {}
