package dev.shinso.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Map;

/**
 * cuBLAS through {@code java.lang.foreign}: a handle on a stream, its math mode (TF32 or not) and
 * the strided batched single-precision gemm. cuBLAS is column-major; callers do the transposing.
 */
public final class Cublas {
  public static final String NOT_FOUND = "libcublas.so.13 (or .12) not found on the library path nor under "
      + "$CUDA_HOME, $CUDA_PATH or /usr/local/cuda*/targets/x86_64-linux/lib (install the CUDA toolkit's cuBLAS)";
  /** cublasOperation_t */
  public static final int OP_N = 0, OP_T = 1;
  /** cublasMath_t: CUBLAS_DEFAULT_MATH (full float32) and CUBLAS_TF32_TENSOR_OP_MATH. */
  public static final int DEFAULT_MATH = 0, TF32_TENSOR_OP_MATH = 3;
  private static final int MAJOR_VERSION = 0, MINOR_VERSION = 1, PATCH_LEVEL = 2;

  private static final Once<Cublas> INSTANCE = new Once<>(() ->
      new Cublas(NativeLibraries.cublas().orElseThrow(() -> new IllegalStateException(NOT_FOUND))));

  /** Every cuBLAS call shinso makes and its C signature (DriverSignatureTest reads cublas_api.h where installed). */
  static final Map<String, FunctionDescriptor> CALLS = Map.ofEntries(
      call("cublasCreate_v2", ADDRESS),
      call("cublasSetStream_v2", ADDRESS, ADDRESS),
      call("cublasSetMathMode", ADDRESS, JAVA_INT),
      call("cublasSgemmStridedBatched", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS,
          JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT),
      call("cublasGetProperty", JAVA_INT, ADDRESS),
      Map.entry("cublasGetStatusName", FunctionDescriptor.of(ADDRESS, JAVA_INT)));

  private final MethodHandle create, setStream, setMathMode, sgemmStridedBatched, getProperty, getStatusName;

  private Cublas(SymbolLookup lib) {
    create = bind(lib, "cublasCreate_v2");
    setStream = bind(lib, "cublasSetStream_v2");
    setMathMode = bind(lib, "cublasSetMathMode");
    sgemmStridedBatched = bind(lib, "cublasSgemmStridedBatched");
    getProperty = bind(lib, "cublasGetProperty");
    getStatusName = bind(lib, "cublasGetStatusName");
  }

  /** A call returning a cublasStatus_t (int). */
  private static Map.Entry<String, FunctionDescriptor> call(String symbol, MemoryLayout... args) {
    return Map.entry(symbol, FunctionDescriptor.of(JAVA_INT, args));
  }

  private static MethodHandle bind(SymbolLookup lib, String symbol) {
    return Native.bind(lib, "cuBLAS", symbol, CALLS.get(symbol));
  }

  /** cuBLAS, loaded once; an IllegalStateException ({@link #NOT_FOUND}) when it is not installed. */
  public static Cublas get() {
    return INSTANCE.get();
  }

  /** "13.1.0" */
  public String version() {
    return property(MAJOR_VERSION) + "." + property(MINOR_VERSION) + "." + property(PATCH_LEVEL);
  }

  private int property(int type) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_INT);
      check(Native.status(() -> (int) getProperty.invokeExact(type, v)), "cublasGetProperty");
      return v.get(JAVA_INT, 0);
    }
  }

  /** A new handle whose work goes to {@code stream}. */
  public MemorySegment createHandle(MemorySegment stream) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment h = a.allocate(ADDRESS);
      check(Native.status(() -> (int) create.invokeExact(h)), "cublasCreate_v2");
      MemorySegment handle = h.get(ADDRESS, 0);
      check(Native.status(() -> (int) setStream.invokeExact(handle, stream)), "cublasSetStream_v2");
      return handle;
    }
  }

  public void setMathMode(MemorySegment handle, int mode) {
    check(Native.status(() -> (int) setMathMode.invokeExact(handle, mode)), "cublasSetMathMode(" + mode + ")");
  }

  /**
   * Column-major C_i = op(A_i)·op(B_i) for {@code i < batch}, C_i at c + i·strideC (strides in elements);
   * alpha and beta point at host floats. {@code what} describes the product for the error.
   */
  public void sgemmStridedBatched(MemorySegment handle, int transA, int transB, int m, int n, int k,
      MemorySegment alpha, long a, int lda, long strideA, long b, int ldb, long strideB, MemorySegment beta,
      long c, int ldc, long strideC, int batch, String what) {
    MemorySegment pa = MemorySegment.ofAddress(a), pb = MemorySegment.ofAddress(b), pc = MemorySegment.ofAddress(c);
    int rc = Native.status(() -> (int) sgemmStridedBatched.invokeExact(handle, transA, transB, m, n, k, alpha, pa, lda,
        strideA, pb, ldb, strideB, beta, pc, ldc, strideC, batch));
    if (rc != 0) check(rc, "cublasSgemmStridedBatched(" + what + ")");
  }

  private void check(int status, String call) {
    if (status == 0) return;
    MemorySegment name;
    try {
      name = (MemorySegment) getStatusName.invokeExact(status);
    } catch (Throwable t) {
      throw new IllegalStateException(call + " failed: cuBLAS status " + status, t);
    }
    throw new IllegalStateException(call + " failed: " + name.reinterpret(256).getString(0));
  }
}
