package dev.shinso.tensor;

import dev.shinso.Shinso;
import dev.shinso.backend.Backend;
import dev.shinso.backend.Backends;
import dev.shinso.backend.cpu.CpuStorage;
import dev.shinso.internal.Tensors;

/** The factories behind Tensor's static creation methods: host data built here, then put on the device. */
final class Creation {
  private Creation() {}

  static Tensor fromArray(Device device, float[] data, int[] shape) {
    int[] s = shape.length == 0 ? new int[] {data.length} : shape;
    checkLength(data.length, s);
    return onDevice(device, data.clone(), s);
  }

  static Tensor fromArray(Device device, double[] data, int[] shape) {
    int[] s = shape.length == 0 ? new int[] {data.length} : shape;
    checkLength(data.length, s);
    return Tensors.ofStorage(Backends.of(device).upload(data.clone()), s, Shape.contiguousStrides(s), 0);
  }

  static Tensor fromArray(Device device, long[] data, int[] shape) {
    int[] s = shape.length == 0 ? new int[] {data.length} : shape;
    checkLength(data.length, s);
    return Tensors.ofStorage(Backends.of(device).upload(data.clone()), s, Shape.contiguousStrides(s), 0);
  }

  static Tensor wrap(float[] data, int[] shape) {
    int[] s = shape.length == 0 ? new int[] {data.length} : shape;
    checkLength(data.length, s);
    return Tensors.ofStorage(CpuStorage.ofFloats(data), s, Shape.contiguousStrides(s), 0);
  }

  static Tensor wrap(double[] data, int[] shape) {
    int[] s = shape.length == 0 ? new int[] {data.length} : shape;
    checkLength(data.length, s);
    return Tensors.ofStorage(CpuStorage.ofDoubles(data), s, Shape.contiguousStrides(s), 0);
  }

  static Tensor wrap(long[] data, int[] shape) {
    int[] s = shape.length == 0 ? new int[] {data.length} : shape;
    checkLength(data.length, s);
    return Tensors.ofStorage(CpuStorage.ofLongs(data), s, Shape.contiguousStrides(s), 0);
  }

  static Tensor fromRows(Device device, float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] data = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != cols) {
        throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length + " elements, row 0 has " + cols);
      }
      System.arraycopy(rows[i], 0, data, i * cols, cols);
    }
    return onDevice(device, data, new int[] {rows.length, cols});
  }

  private static void checkLength(int length, int[] shape) {
    if (Shape.numel(shape) != length) {
      throw new IllegalArgumentException("of: " + length + " values do not fill shape " + Shape.format(shape)
          + " (" + Shape.numel(shape) + " elements)");
    }
  }

  static Tensor arange(Device device, float start, float end, float step) {
    if (step == 0 || (end - start) / step < 0) {
      throw new IllegalArgumentException("arange: step " + step + " does not lead from " + start + " to " + end);
    }
    int n = (int) Math.ceil((end - start) / step);
    float[] data = new float[n];
    for (int i = 0; i < n; i++) data[i] = start + i * step;
    return onDevice(device, data, new int[] {n});
  }

  static Tensor arange(Device device, long start, long end, long step) {
    if (step == 0 || (end - start) / (double) step < 0) {
      throw new IllegalArgumentException("arange: step " + step + " does not lead from " + start + " to " + end);
    }
    long n = Math.ceilDiv(end - start, step);
    if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("arange: " + n + " elements are more than 2^31-1");
    long[] data = new long[(int) n];
    for (int i = 0; i < n; i++) data[i] = start + i * step;
    return Tensors.ofStorage(Backends.of(device).upload(data), new int[] {(int) n}, new int[] {1}, 0);
  }

  static Tensor linspace(Device device, float start, float end, int steps) {
    if (steps < 0) throw new IllegalArgumentException("linspace: steps must be non-negative, got " + steps);
    float[] data = new float[steps];
    double step = steps > 1 ? ((double) end - start) / (steps - 1) : 0;
    // Fill from both ends, as PyTorch does, so that the last value is exactly end.
    int half = steps / 2;
    for (int i = 0; i < steps; i++) data[i] = (float) (i < half ? start + step * i : end - step * (steps - 1 - i));
    return onDevice(device, data, new int[] {steps});
  }

  static Tensor eye(Device device, int n) {
    float[] data = new float[n * n];
    for (int i = 0; i < n; i++) data[i * n + i] = 1f;
    return onDevice(device, data, new int[] {n, n});
  }

  static Tensor rand(Device device, Generator g, int[] shape) {
    return random(device, Backend.RandomKind.UNIFORM, DType.FLOAT32, g, 0, 1, shape);
  }

  static Tensor randn(Device device, Generator g, int[] shape) {
    return random(device, Backend.RandomKind.NORMAL, DType.FLOAT32, g, 0, 1, shape);
  }

  static Tensor randint(Device device, Generator g, long low, long high, int[] shape) {
    if (high <= low) throw new IllegalArgumentException("randint: high " + high + " must be greater than low " + low);
    return random(device, Backend.RandomKind.INTEGER, DType.INT64, g, low, high, shape);
  }

  static Tensor bernoulli(Generator g, Tensor p) {
    return p.backend().bernoulli(p, g == null ? Shinso.defaultGenerator() : g);
  }

  private static Tensor random(Device device, Backend.RandomKind kind, DType dtype, Generator g, double p, double q,
      int[] shape) {
    Tensor t = Tensor.empty(device, dtype, shape);
    t.backend().random(kind, t, p, q, g == null ? Shinso.defaultGenerator() : g);
    return t;
  }

  /** A fresh host array (the caller's to give away) as a tensor on device. */
  private static Tensor onDevice(Device device, float[] data, int[] shape) {
    return Tensors.ofStorage(Backends.of(device).upload(data), shape, Shape.contiguousStrides(shape), 0);
  }
}
