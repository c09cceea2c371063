package dev.shinso.cuda;

import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.UnaryOp;
import dev.shinso.cuda.driver.Kernel;
import dev.shinso.cuda.driver.KernelArgs;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Tensor;

/** Launches of elementwise.cu: copy with dtype conversion, fill, unary, binary (in place too) and where. */
final class Elementwise {
  private Elementwise() {}

  static void copy(CudaBackend b, Tensor dst, Tensor src) {
    int n = dst.numel();
    if (n == 0) return;
    Tensor s = Broadcast.to(src, dst.shapeArray());
    if (dst.dtype() == s.dtype() && dst.isContiguous() && s.isContiguous()) {
      long bytes = (long) n * dst.dtype().byteSize();
      b.gpu().copy(b.storageOf(dst).address(dst.offset()), b.storageOf(s).address(s.offset()), bytes);
      return;
    }
    Kernel k = switch (dst.dtype()) {
      case FLOAT32 -> s.dtype() == DType.FLOAT32 ? Kernel.COPY_F32_F32 : Kernel.COPY_F32_I64;
      case INT64 -> s.dtype() == DType.INT64 ? Kernel.COPY_I64_I64 : Kernel.COPY_I64_F32;
      case FLOAT64 -> throw b.float64Unsupported();
    };
    Layout l = Layout.of("copyInto", dst.shapeArray(), dst, s);
    KernelArgs args = l.dims(KernelArgs.start().i32(n));
    l.view(args.ptr(b.base(dst)), 0);
    l.view(args.ptr(b.base(s)), 1);
    b.launch(k, n, args, dst, s);
  }

  static void fill(CudaBackend b, Tensor dst, double value) {
    int n = dst.numel();
    if (n == 0) return;
    Layout l = Layout.of("fill", dst.shapeArray(), dst);
    KernelArgs args = l.dims(KernelArgs.start().i32(n));
    l.view(args.ptr(b.base(dst)), 0);
    if (dst.dtype() == DType.FLOAT32) {
      b.launch(Kernel.FILL_F32, n, args.f32((float) value), dst);
    } else {
      b.launch(Kernel.FILL_I64, n, args.i64((long) value), dst);
    }
  }

  static Tensor unary(CudaBackend b, UnaryOp op, Tensor x, float p, float q) {
    Tensor out = b.output(DType.FLOAT32, x.shapeArray());
    int n = out.numel();
    if (n == 0) return out;
    Layout l = Layout.of(op.name(), out.shapeArray(), out, x);
    KernelArgs args = l.dims(KernelArgs.start().i32(op.ordinal()).f32(p).f32(q).i32(n));
    l.view(args.ptr(b.base(out)), 0);
    l.view(args.ptr(b.base(x)), 1);
    b.launch(Kernel.UNARY_F32, n, args, out, x);
    return out;
  }

  static Tensor binary(CudaBackend b, BinaryOp op, Tensor x, Tensor y) {
    DType outType = op.isComparison() ? DType.FLOAT32 : x.dtype();
    Tensor out = b.output(outType, x.shapeArray());
    run(b, op, out, x, y);
    return out;
  }

  static void binaryInPlace(CudaBackend b, BinaryOp op, Tensor dst, Tensor src) {
    if (dst.dtype() == DType.INT64 && op.isComparison()) {
      throw new IllegalArgumentException(op + " in place: an int64 tensor cannot hold its float result ("
          + dst.shapeString() + ")");
    }
    run(b, op, dst, dst, src);
  }

  /** out = x op y; out may be x (in place). */
  private static void run(CudaBackend b, BinaryOp op, Tensor out, Tensor x, Tensor y) {
    int n = out.numel();
    if (n == 0) return;
    Kernel k;
    if (x.dtype() == DType.FLOAT32) {
      k = Kernel.BINARY_F32;
    } else if (op.isComparison()) {
      k = Kernel.COMPARE_I64;
    } else {
      switch (op) {
        case ADD, SUB, MUL, MAX, MIN -> k = Kernel.BINARY_I64;
        default -> throw new IllegalArgumentException(op + " is not an int64 arithmetic op");
      }
    }
    Layout l = Layout.of(op.name(), out.shapeArray(), out, x, y);
    KernelArgs args = l.dims(KernelArgs.start().i32(op.ordinal()).i32(n));
    l.view(args.ptr(b.base(out)), 0);
    l.view(args.ptr(b.base(x)), 1);
    l.view(args.ptr(b.base(y)), 2);
    b.launch(k, n, args, out, x, y);
  }

  static Tensor where(CudaBackend b, Tensor cond, Tensor x, Tensor y) {
    Tensor out = b.output(x.dtype(), x.shapeArray());
    int n = out.numel();
    if (n == 0) return out;
    boolean floatCond = cond.dtype() == DType.FLOAT32;
    Kernel k = x.dtype() == DType.FLOAT32
        ? (floatCond ? Kernel.WHERE_F32_F32 : Kernel.WHERE_F32_I64)
        : (floatCond ? Kernel.WHERE_I64_F32 : Kernel.WHERE_I64_I64);
    Layout l = Layout.of("where", out.shapeArray(), out, cond, x, y);
    KernelArgs args = l.dims(KernelArgs.start().i32(n));
    l.view(args.ptr(b.base(out)), 0);
    l.view(args.ptr(b.base(cond)), 1);
    l.view(args.ptr(b.base(x)), 2);
    l.view(args.ptr(b.base(y)), 3);
    b.launch(k, n, args, out, cond, x, y);
    return out;
  }
}
