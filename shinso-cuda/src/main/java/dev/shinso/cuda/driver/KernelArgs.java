package dev.shinso.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.shinso.cuda.driver.Kernel.Param;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel's arguments, packed for cuLaunchKernel: each value in native memory at its natural
 * alignment, and an array of pointers, one to each value. The driver copies the values during
 * the launch call, so one KernelArgs per thread is reused from launch to launch.
 *
 * <p>Dims and View are the structs of common.cuh: {@code {int rank; int size[8]}} and
 * {@code {int offset; int stride[8]}}, 36 bytes each, unused entries zero.
 */
public final class KernelArgs {
  public static final int MAX_DIMS = 8;
  static final int STRUCT_BYTES = 4 * (1 + MAX_DIMS);
  private static final int VALUE_BYTES = 1024, MAX_ARGS = 32;
  private static final ThreadLocal<KernelArgs> PER_THREAD = ThreadLocal.withInitial(KernelArgs::new);

  private final MemorySegment values, pointers;
  private final List<Param> kinds = new ArrayList<>();
  private long used;

  public KernelArgs() {
    Arena arena = Arena.ofAuto();
    values = arena.allocate(VALUE_BYTES, 8);
    pointers = arena.allocate(ADDRESS, MAX_ARGS);
  }

  /** This thread's KernelArgs, emptied. */
  public static KernelArgs start() {
    return PER_THREAD.get().clear();
  }

  public KernelArgs clear() {
    values.asSlice(0, used).fill((byte) 0);  // unused struct entries stay zero
    kinds.clear();
    used = 0;
    return this;
  }

  public KernelArgs i32(int v) {
    slot(Param.I32).set(JAVA_INT, 0, v);
    return this;
  }

  public KernelArgs i64(long v) {
    slot(Param.I64).set(JAVA_LONG, 0, v);
    return this;
  }

  public KernelArgs f32(float v) {
    slot(Param.F32).set(JAVA_FLOAT, 0, v);
    return this;
  }

  public KernelArgs f64(double v) {
    slot(Param.F64).set(JAVA_DOUBLE, 0, v);
    return this;
  }

  /** A device pointer. */
  public KernelArgs ptr(long address) {
    slot(Param.PTR).set(JAVA_LONG, 0, address);
    return this;
  }

  /** A Dims struct: the rank and the sizes, outermost first. */
  public KernelArgs dims(int[] sizes) {
    MemorySegment s = slot(Param.DIMS);
    s.set(JAVA_INT, 0, checkRank(sizes.length));
    for (int k = 0; k < sizes.length; k++) s.setAtIndex(JAVA_INT, 1 + k, sizes[k]);
    return this;
  }

  /** A View struct: an element offset and one stride per dim. */
  public KernelArgs view(int offset, int[] strides) {
    MemorySegment s = slot(Param.VIEW);
    checkRank(strides.length);
    s.set(JAVA_INT, 0, offset);
    for (int k = 0; k < strides.length; k++) s.setAtIndex(JAVA_INT, 1 + k, strides[k]);
    return this;
  }

  /** The parameter kinds packed so far, to check against a kernel's signature. */
  public List<Param> kinds() {
    return kinds;
  }

  /** The array of pointers to the values, as cuLaunchKernel's kernelParams. */
  public MemorySegment pointers() {
    return pointers;
  }

  /** The bytes of argument i (a view of the packed value), for tests and errors. */
  public MemorySegment value(int i) {
    long at = pointers.getAtIndex(ADDRESS, i).address() - values.address();
    return values.asSlice(at, kinds.get(i).bytes);
  }

  private MemorySegment slot(Param kind) {
    if (kinds.size() == MAX_ARGS) throw new IllegalStateException("KernelArgs: more than " + MAX_ARGS + " arguments");
    long at = (used + kind.alignment - 1) / kind.alignment * kind.alignment;
    if (at + kind.bytes > VALUE_BYTES) throw new IllegalStateException("KernelArgs: more than " + VALUE_BYTES + " bytes");
    used = at + kind.bytes;
    MemorySegment s = values.asSlice(at, kind.bytes);
    pointers.setAtIndex(ADDRESS, kinds.size(), s);
    kinds.add(kind);
    return s;
  }

  private static int checkRank(int rank) {
    if (rank < 1 || rank > MAX_DIMS) throw new IllegalArgumentException("KernelArgs: rank " + rank + " not in 1.." + MAX_DIMS);
    return rank;
  }
}
