package dev.shinso.io;

import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Tensor values as the little-endian bytes safetensors and .npy store, through a 64 KiB buffer. */
final class LittleEndian {
  private LittleEndian() {}

  static void write(float[] values, OutputStream out) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      if (!buf.hasRemaining()) flush(buf, out);
      buf.putFloat(v);
    }
    flush(buf, out);
  }

  static void write(double[] values, OutputStream out) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      if (!buf.hasRemaining()) flush(buf, out);
      buf.putDouble(v);
    }
    flush(buf, out);
  }

  /** A tensor's values in its dtype: FLOAT32 as 4 bytes, FLOAT64 and INT64 as 8. */
  static void write(Tensor t, OutputStream out) throws IOException {
    switch (t.dtype()) {
      case FLOAT32 -> write(t.toFloatArray(), out);
      case FLOAT64 -> write(t.toDoubleArray(), out);
      case INT64 -> write(t.toLongArray(), out);
    }
  }

  static void write(long[] values, OutputStream out) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      if (!buf.hasRemaining()) flush(buf, out);
      buf.putLong(v);
    }
    flush(buf, out);
  }

  private static void flush(ByteBuffer buf, OutputStream out) throws IOException {
    out.write(buf.array(), 0, buf.position());
    buf.clear();
  }
}
