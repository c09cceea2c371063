package dev.shinso.cuda.driver;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * A GPU through the driver API: its primary context, one stream, the kernels' modules and a cuBLAS
 * handle on that stream. The driver's current context is a per-thread setting, so every call first
 * makes this device's context current on the calling thread (cheaply, when it already is).
 */
public final class DriverGpu implements Gpu {
  private static final ThreadLocal<MemorySegment> CURRENT = new ThreadLocal<>();

  private final Driver driver;
  private final String name;
  private final int multiprocessors;
  private final MemorySegment context, stream, cublasHandle;
  private final Cublas cublas;
  private final Convolutions convolutions;
  private final String convolutionsMissing;
  private final Map<Kernel, MemorySegment> functions = new EnumMap<>(Kernel.class);
  private final MemorySegment one, zero;
  private int mathMode = -1;

  private DriverGpu(int ordinal) {
    driver = Driver.get();
    int count = driver.deviceCount();
    if (count == 0) throw new IllegalStateException("no CUDA device");
    if (ordinal >= count) {
      throw new IllegalStateException("device cuda:" + ordinal + " does not exist (" + count
          + (count == 1 ? " device)" : " devices)"));
    }
    if (!Ptx.compiled()) throw new IllegalStateException(Ptx.NOT_COMPILED);
    name = "cuda:" + ordinal;
    int device = driver.device(ordinal);
    multiprocessors = driver.attribute(Driver.ATTRIBUTE_MULTIPROCESSOR_COUNT, device);
    context = driver.retainPrimaryContext(device);
    enter();
    stream = driver.createStream();
    Map<String, MemorySegment> modules = new HashMap<>();
    for (String module : Ptx.MODULES) {
      MemorySegment ptx = Arena.global().allocateFrom(Ptx.source(module));  // NUL-terminated
      modules.put(module, driver.loadModule(ptx, module + ".ptx"));
    }
    for (Kernel k : Kernel.values()) functions.put(k, driver.function(modules.get(k.module()), k.entry()));
    cublas = Cublas.get();
    cublasHandle = cublas.createHandle(stream);
    one = Arena.global().allocateFrom(JAVA_FLOAT, 1f);
    zero = Arena.global().allocateFrom(JAVA_FLOAT, 0f);
    // cuDNN is optional: without it (or with SHINSO_CUDNN=0) convolutions take the backend's own path.
    Convolutions conv = null;
    String missing = null;
    if ("0".equals(System.getenv("SHINSO_CUDNN"))) {
      missing = "SHINSO_CUDNN=0";
    } else {
      Cudnn cudnn = Cudnn.get().orElse(null);
      if (cudnn == null) {
        missing = Cudnn.unavailableReason();
      } else {
        try {
          conv = new CudnnConvolutions(cudnn.lookup(), stream, this::enter);
        } catch (IllegalStateException e) {
          missing = cudnn + " does not start: " + e.getMessage();
        }
      }
    }
    convolutions = conv;
    convolutionsMissing = missing;
  }

  /**
   * Opens device {@code ordinal}, or throws an IllegalStateException whose one-line message says
   * why: no driver, no device, no such device, kernels not compiled, a driver too old for them, no cuBLAS.
   */
  public static DriverGpu open(int ordinal) {
    return new DriverGpu(ordinal);
  }

  private void enter() {
    if (CURRENT.get() != context) {
      driver.setCurrent(context);
      CURRENT.set(context);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int multiprocessors() {
    return multiprocessors;
  }

  @Override
  public long malloc(long bytes) {
    enter();
    return driver.allocate(bytes);
  }

  @Override
  public void free(long pointer) {
    enter();
    driver.free(pointer);
  }

  @Override
  public void zero(long pointer, long bytes) {
    enter();
    driver.zeroAsync(pointer, bytes, stream);
  }

  /**
   * The copy is queued on the stream and waited for: src is ordinary (pageable) memory that the
   * caller frees on return, and the driver does not promise to have read it before the copy runs.
   */
  @Override
  public void upload(long dst, MemorySegment src, long bytes) {
    enter();
    driver.copyToDeviceAsync(dst, src, bytes, stream);
    driver.synchronize(stream, " after cuMemcpyHtoDAsync_v2");
  }

  @Override
  public void download(MemorySegment dst, long src, long bytes) {
    enter();
    driver.copyToHostAsync(dst, src, bytes, stream);
    driver.synchronize(stream, " after cuMemcpyDtoHAsync_v2");
  }

  @Override
  public void copy(long dst, long src, long bytes) {
    enter();
    driver.copyOnDeviceAsync(dst, src, bytes, stream);
  }

  @Override
  public void launch(Kernel kernel, int grid, int block, KernelArgs args) {
    kernel.check(args);
    enter();
    driver.launch(functions.get(kernel), kernel.entry(), grid, block, stream, args.pointers());
  }

  @Override
  public synchronized void sgemm(boolean transA, boolean transB, int m, int n, int k, long a, int lda, long strideA,
      long b, int ldb, long strideB, long c, int ldc, long strideC, int batch, boolean tf32, String what) {
    enter();
    int mode = tf32 ? Cublas.TF32_TENSOR_OP_MATH : Cublas.DEFAULT_MATH;
    if (mode != mathMode) {
      cublas.setMathMode(cublasHandle, mode);
      mathMode = mode;
    }
    cublas.sgemmStridedBatched(cublasHandle, transA ? Cublas.OP_T : Cublas.OP_N, transB ? Cublas.OP_T : Cublas.OP_N,
        m, n, k, one, a, lda, strideA, b, ldb, strideB, zero, c, ldc, strideC, batch, what);
  }

  @Override
  public Convolutions convolutions() {
    return convolutions;
  }

  @Override
  public String convolutionsMissing() {
    return convolutionsMissing;
  }

  @Override
  public void synchronize(String what) {
    enter();
    driver.synchronize(stream, what);
  }
}
