package dev.shinso.cuda.driver;

import static dev.shinso.cuda.driver.Kernel.Param.DIMS;
import static dev.shinso.cuda.driver.Kernel.Param.F32;
import static dev.shinso.cuda.driver.Kernel.Param.F64;
import static dev.shinso.cuda.driver.Kernel.Param.I32;
import static dev.shinso.cuda.driver.Kernel.Param.I64;
import static dev.shinso.cuda.driver.Kernel.Param.PTR;
import static dev.shinso.cuda.driver.Kernel.Param.VIEW;

import java.util.List;
import java.util.Locale;

/**
 * Every kernel of src/main/cuda: its PTX module, its entry name (the constant's name in lower
 * case) and its parameters in order. {@link KernelArgs} packs them and a launch checks the packing
 * against this list; KernelSignatureTest checks this list against the compiled PTX.
 */
public enum Kernel {
  COPY_F32_F32("elementwise", I32, DIMS, PTR, VIEW, PTR, VIEW),
  COPY_I64_I64("elementwise", I32, DIMS, PTR, VIEW, PTR, VIEW),
  COPY_F32_I64("elementwise", I32, DIMS, PTR, VIEW, PTR, VIEW),
  COPY_I64_F32("elementwise", I32, DIMS, PTR, VIEW, PTR, VIEW),
  FILL_F32("elementwise", I32, DIMS, PTR, VIEW, F32),
  FILL_I64("elementwise", I32, DIMS, PTR, VIEW, I64),
  UNARY_F32("elementwise", I32, F32, F32, I32, DIMS, PTR, VIEW, PTR, VIEW),
  BINARY_F32("elementwise", I32, I32, DIMS, PTR, VIEW, PTR, VIEW, PTR, VIEW),
  BINARY_I64("elementwise", I32, I32, DIMS, PTR, VIEW, PTR, VIEW, PTR, VIEW),
  COMPARE_I64("elementwise", I32, I32, DIMS, PTR, VIEW, PTR, VIEW, PTR, VIEW),
  WHERE_F32_F32("elementwise", I32, DIMS, PTR, VIEW, PTR, VIEW, PTR, VIEW, PTR, VIEW),
  WHERE_F32_I64("elementwise", I32, DIMS, PTR, VIEW, PTR, VIEW, PTR, VIEW, PTR, VIEW),
  WHERE_I64_F32("elementwise", I32, DIMS, PTR, VIEW, PTR, VIEW, PTR, VIEW, PTR, VIEW),
  WHERE_I64_I64("elementwise", I32, DIMS, PTR, VIEW, PTR, VIEW, PTR, VIEW, PTR, VIEW),
  REDUCE_F32("reduce", I32, I32, I32, I32, I32, I32, DIMS, VIEW, DIMS, VIEW, PTR, PTR),
  ARGREDUCE_F32("reduce", I32, I32, I32, I32, DIMS, VIEW, I32, PTR, PTR),
  GATHER_F32("index", I32, DIMS, I32, I32, I64, PTR, PTR, VIEW, PTR, VIEW, PTR, VIEW),
  GATHER_I64("index", I32, DIMS, I32, I32, I64, PTR, PTR, VIEW, PTR, VIEW, PTR, VIEW),
  SCATTER_ADD_F32("index", I32, DIMS, I32, I32, I64, PTR, PTR, VIEW, PTR, VIEW, PTR, VIEW),
  SCATTER_ADD_I64("index", I32, DIMS, I32, I32, I64, PTR, PTR, VIEW, PTR, VIEW, PTR, VIEW),
  RANDOM_F32("random", I32, I32, I64, I64, F64, F64, I64, I64, PTR),
  RANDOM_I64("random", I32, I64, I64, I64, I64, PTR),
  MAX_POOL2D_F32("pool", I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, PTR, PTR, PTR),
  MAX_POOL2D_BACKWARD_F32("pool", I32, I32, I32, PTR, PTR, PTR),
  AVG_POOL2D_F32("pool", I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, PTR, PTR),
  AVG_POOL2D_BACKWARD_F32("pool", I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, PTR, PTR),
  ADAPTIVE_AVG_POOL2D_F32("pool", I32, I32, I32, I32, I32, PTR, PTR),
  ADAPTIVE_AVG_POOL2D_BACKWARD_F32("pool", I32, I32, I32, I32, I32, PTR, PTR),
  BATCH_NORM_STATS_F32("norm", I32, I32, I32, PTR, PTR, PTR),
  BATCH_NORM_APPLY_F32("norm", I32, I32, I32, PTR, PTR, PTR, F32, PTR, PTR, PTR),
  BATCH_NORM_BACKWARD_REDUCE_F32("norm", I32, I32, I32, PTR, PTR, PTR, PTR, F32, PTR, PTR),
  BATCH_NORM_BACKWARD_APPLY_F32("norm", I32, I32, I32, PTR, PTR, PTR, PTR, F32, PTR, PTR, PTR, F32, PTR),
  BIAS_RELU_F32("conv", I32, I32, I32, PTR, I32, PTR);

  /** How a parameter is passed: scalars, a device pointer, or the structs Dims and View of common.cuh. */
  public enum Param {
    I32(4, 4), I64(8, 8), F32(4, 4), F64(8, 8), PTR(8, 8), DIMS(KernelArgs.STRUCT_BYTES, 4), VIEW(KernelArgs.STRUCT_BYTES, 4);

    final int bytes, alignment;

    Param(int bytes, int alignment) {
      this.bytes = bytes;
      this.alignment = alignment;
    }

    public int bytes() {
      return bytes;
    }
  }

  private final String module;
  private final List<Param> params;

  Kernel(String module, Param... params) {
    this.module = module;
    this.params = List.of(params);
  }

  public String module() {
    return module;
  }

  /** The PTX entry name, e.g. {@code unary_f32}. */
  public String entry() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<Param> params() {
    return params;
  }

  /** Throws unless {@code args} were packed for this kernel's parameters (a bug in a launcher). */
  public void check(KernelArgs args) {
    if (!args.kinds().equals(params)) {
      throw new IllegalStateException("launch of " + entry() + ": arguments " + args.kinds()
          + " do not match its parameters " + params);
    }
  }
}
