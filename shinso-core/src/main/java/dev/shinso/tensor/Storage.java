package dev.shinso.tensor;

import dev.shinso.backend.Backend;

/**
 * The memory under one or more tensor views, on one device, made by that device's backend (which
 * runs every kernel on it). The version counter goes up on every in-place change, which lets
 * autograd detect that a tensor saved for backward was overwritten.
 */
public interface Storage {
  Backend backend();

  default Device device() {
    return backend().device();
  }

  DType dtype();

  /** Number of elements. */
  int size();

  int version();

  void bumpVersion();
}
