package dev.shinso.data;

import dev.shinso.tensor.Tensor;

/** One example of a {@link Dataset}: its input (e.g. an image [C, H, W]) and its target (e.g. a 0-d INT64 label). */
public record Sample(Tensor input, Tensor target) {}
