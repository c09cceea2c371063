package dev.shinso.tensor;

/**
 * The memory under one or more tensor views. The version counter goes up on every in-place change,
 * which lets autograd detect that a tensor saved for backward was overwritten.
 */
public interface Storage {
  Device device();

  DType dtype();

  /** Number of elements. */
  int size();

  int version();

  void bumpVersion();
}
