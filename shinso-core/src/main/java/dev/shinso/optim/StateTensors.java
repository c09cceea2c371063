package dev.shinso.optim;

import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;

/**
 * Scalars of optimiser and schedule state as tensors, so that a checkpoint is one safetensors file.
 * Counts and flags are 0-d INT64 tensors. Real numbers (lr, betas, …) are Java doubles, which
 * shinso has no dtype for: they are stored exactly, as the IEEE-754 bits of the double in an INT64
 * tensor (in PyTorch: {@code t.view(torch.float64)}), so that a resumed run repeats bit for bit. On
 * load, FLOAT32 tensors are accepted for real numbers too, taken at float precision. They live on
 * the CPU whatever the parameters' device: they are host values, read without a device sync.
 */
public final class StateTensors {
  private StateTensors() {}

  public static Tensor ofLong(long value) {
    return Tensor.ofLongs(Device.CPU, new long[] {value}).reshape();
  }

  public static Tensor ofBoolean(boolean value) {
    return ofLong(value ? 1 : 0);
  }

  public static Tensor ofDouble(double value) {
    return ofLong(Double.doubleToRawLongBits(value));
  }

  /** A 1-d tensor of doubles, stored as their bits. */
  public static Tensor ofDoubles(double[] values) {
    long[] bits = new long[values.length];
    for (int i = 0; i < values.length; i++) bits[i] = Double.doubleToRawLongBits(values[i]);
    return Tensor.ofLongs(Device.CPU, bits, values.length);
  }

  public static Tensor ofLongs(long[] values) {
    return Tensor.ofLongs(Device.CPU, values, values.length);
  }

  /** Why t cannot hold a long count or flag (key names it in the message), or null when it can. */
  public static String checkLong(String key, Tensor t) {
    if (t.dim() != 0) return key + " must be a 0-d tensor, got shape " + t.shapeString();
    if (t.dtype() == DType.INT64) return null;
    float f = t.item();
    return f == Math.rint(f) ? null : key + " must hold an integer, got " + f;
  }

  public static long toLong(Tensor t) {
    return t.dtype() == DType.INT64 ? t.itemLong() : (long) t.item();
  }

  public static String checkBoolean(String key, Tensor t) {
    String why = checkLong(key, t);
    if (why != null) return why;
    long v = toLong(t);
    return v == 0 || v == 1 ? null : key + " must hold 0 or 1, got " + v;
  }

  public static boolean toBoolean(Tensor t) {
    return toLong(t) != 0;
  }

  /** Why t cannot hold n doubles ({@code n < 0}: one 0-d scalar), or null when it can. */
  public static String checkDoubles(String key, Tensor t, int n) {
    int[] expected = n < 0 ? new int[0] : new int[] {n};
    if (!java.util.Arrays.equals(t.shapeArray(), expected)) {
      return key + " must have shape " + java.util.Arrays.toString(expected) + ", got " + t.shapeString();
    }
    return null;
  }

  public static double toDouble(Tensor t) {
    return toDoubles(t)[0];
  }

  public static double[] toDoubles(Tensor t) {
    if (t.dtype() == DType.FLOAT32) {
      float[] f = t.toFloatArray();
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) d[i] = f[i];
      return d;
    }
    long[] bits = t.toLongArray();
    double[] d = new double[bits.length];
    for (int i = 0; i < bits.length; i++) d[i] = Double.longBitsToDouble(bits[i]);
    return d;
  }
}
