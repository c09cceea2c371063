package dev.shinso.backend;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Storage;
import dev.shinso.tensor.Tensor;

/**
 * A device's lifecycle, the half of a {@link Backend} that is not arithmetic: memory, copies to
 * and from the host and between tensors on the device, and waiting for queued work. Random state
 * needs nothing here: the {@link dev.shinso.tensor.Generator} is counter-based, so a random kernel
 * is given its seed and offset and each element is a pure function of its index.
 */
public interface DeviceRuntime {
  Device device();

  /** Zero-filled storage of numel elements. */
  Storage allocate(DType dtype, int numel);

  /** Storage holding data: the host array itself on the CPU, a copy on another device. */
  Storage upload(float[] data);

  Storage upload(long[] data);

  /** FLOAT64 storage holding data. FLOAT64 is a CPU dtype: other devices refuse it by default. */
  default Storage upload(double[] data) {
    throw float64Unsupported();
  }

  /** The elements of {@code x} in row-major order, on the host; waits for the work that writes x. */
  float[] toFloatArray(Tensor x);

  long[] toLongArray(Tensor x);

  /** The elements of x widened to double; a device with FLOAT64 storage overrides this. */
  default double[] toDoubleArray(Tensor x) {
    double[] out = new double[x.numel()];
    switch (x.dtype()) {
      case FLOAT32 -> {
        float[] f = toFloatArray(x);
        for (int i = 0; i < out.length; i++) out[i] = f[i];
      }
      case INT64 -> {
        long[] l = toLongArray(x);
        for (int i = 0; i < out.length; i++) out[i] = l[i];
      }
      case FLOAT64 -> throw float64Unsupported();
    }
    return out;
  }

  /** Writes {@code src} (broadcast to dst's shape, on this device) into the view {@code dst}, converting dtype. */
  void copyInto(Tensor dst, Tensor src);

  /** Waits until every kernel queued on the device has finished; a no-op where kernels run synchronously. */
  default void synchronize() {}

  /** The error a device without FLOAT64 kernels gives, naming the device. */
  default UnsupportedOperationException float64Unsupported() {
    return new UnsupportedOperationException("float64 tensors are not supported on " + device()
        + "; compute in float32 there, or move the tensor to the CPU");
  }
}
