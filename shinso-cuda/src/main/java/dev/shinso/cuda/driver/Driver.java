package dev.shinso.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.MemoryLayout;
import java.lang.invoke.MethodHandle;
import java.util.Map;

/**
 * The CUDA driver API through {@code java.lang.foreign}: the calls shinso makes, bound by their
 * versioned symbol names (cuMemAlloc_v2, …: the plain names in cuda.h are macros). Every call that
 * fails throws an IllegalStateException naming the call, its arguments and the CUDA error, e.g.
 * {@code cuModuleLoadData(elementwise.ptx) failed: CUDA_ERROR_UNSUPPORTED_PTX_VERSION (…)}.
 */
public final class Driver {
  /** The message when the driver library cannot be loaded. */
  public static final String NOT_FOUND = "libcuda.so.1 not found (install the NVIDIA driver)";
  static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
  static final int CUDA_ERROR_NO_DEVICE = 100;
  static final int CUDA_ERROR_UNSUPPORTED_PTX_VERSION = 222;
  public static final int ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
  public static final int ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
  public static final int ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

  private static final Once<Driver> INSTANCE = new Once<>(() -> {
    Driver d = new Driver(NativeLibraries.driver().orElseThrow(() -> new IllegalStateException(NOT_FOUND)));
    d.init();
    return d;
  });

  private final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName,
      cuDeviceGetAttribute, cuDeviceTotalMem, cuDevicePrimaryCtxRetain, cuCtxSetCurrent, cuStreamCreate,
      cuStreamSynchronize, cuMemAlloc, cuMemFree, cuMemsetD8Async, cuMemcpyHtoDAsync, cuMemcpyDtoHAsync,
      cuMemcpyDtoDAsync, cuModuleLoadData, cuModuleGetFunction, cuLaunchKernel, cuGetErrorName, cuGetErrorString;

  /** Every driver call shinso makes: its versioned symbol and C signature (DriverSignatureTest reads cuda.h). */
  static final Map<String, FunctionDescriptor> CALLS = Map.ofEntries(
      call("cuInit", JAVA_INT),
      call("cuDriverGetVersion", ADDRESS),
      call("cuDeviceGetCount", ADDRESS),
      call("cuDeviceGet", ADDRESS, JAVA_INT),
      call("cuDeviceGetName", ADDRESS, JAVA_INT, JAVA_INT),
      call("cuDeviceGetAttribute", ADDRESS, JAVA_INT, JAVA_INT),
      call("cuDeviceTotalMem_v2", ADDRESS, JAVA_INT),
      call("cuDevicePrimaryCtxRetain", ADDRESS, JAVA_INT),
      call("cuCtxSetCurrent", ADDRESS),
      call("cuStreamCreate", ADDRESS, JAVA_INT),
      call("cuStreamSynchronize", ADDRESS),
      call("cuMemAlloc_v2", ADDRESS, JAVA_LONG),
      call("cuMemFree_v2", JAVA_LONG),
      call("cuMemsetD8Async", JAVA_LONG, JAVA_BYTE, JAVA_LONG, ADDRESS),
      call("cuMemcpyHtoDAsync_v2", JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS),
      call("cuMemcpyDtoHAsync_v2", ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS),
      call("cuMemcpyDtoDAsync_v2", JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS),
      call("cuModuleLoadData", ADDRESS, ADDRESS),
      call("cuModuleGetFunction", ADDRESS, ADDRESS, ADDRESS),
      call("cuLaunchKernel", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
          ADDRESS, ADDRESS),
      call("cuGetErrorName", JAVA_INT, ADDRESS),
      call("cuGetErrorString", JAVA_INT, ADDRESS));

  private Driver(SymbolLookup lib) {
    cuInit = bind(lib, "cuInit");
    cuDriverGetVersion = bind(lib, "cuDriverGetVersion");
    cuDeviceGetCount = bind(lib, "cuDeviceGetCount");
    cuDeviceGet = bind(lib, "cuDeviceGet");
    cuDeviceGetName = bind(lib, "cuDeviceGetName");
    cuDeviceGetAttribute = bind(lib, "cuDeviceGetAttribute");
    cuDeviceTotalMem = bind(lib, "cuDeviceTotalMem_v2");
    cuDevicePrimaryCtxRetain = bind(lib, "cuDevicePrimaryCtxRetain");
    cuCtxSetCurrent = bind(lib, "cuCtxSetCurrent");
    cuStreamCreate = bind(lib, "cuStreamCreate");
    cuStreamSynchronize = bind(lib, "cuStreamSynchronize");
    cuMemAlloc = bind(lib, "cuMemAlloc_v2");
    cuMemFree = bind(lib, "cuMemFree_v2");
    cuMemsetD8Async = bind(lib, "cuMemsetD8Async");
    cuMemcpyHtoDAsync = bind(lib, "cuMemcpyHtoDAsync_v2");
    cuMemcpyDtoHAsync = bind(lib, "cuMemcpyDtoHAsync_v2");
    cuMemcpyDtoDAsync = bind(lib, "cuMemcpyDtoDAsync_v2");
    cuModuleLoadData = bind(lib, "cuModuleLoadData");
    cuModuleGetFunction = bind(lib, "cuModuleGetFunction");
    cuLaunchKernel = bind(lib, "cuLaunchKernel");
    cuGetErrorName = bind(lib, "cuGetErrorName");
    cuGetErrorString = bind(lib, "cuGetErrorString");
  }

  private static MethodHandle bind(SymbolLookup lib, String symbol) {
    return Native.bind(lib, "libcuda.so.1", symbol, CALLS.get(symbol));
  }

  /** A driver call: each returns a CUresult (int). */
  private static Map.Entry<String, FunctionDescriptor> call(String symbol, MemoryLayout... args) {
    return Map.entry(symbol, FunctionDescriptor.of(JAVA_INT, args));
  }

  /**
   * The driver, loaded and initialised (cuInit) once. Throws an IllegalStateException with one
   * line saying why not: {@link #NOT_FOUND}, or cuInit's error (no device, a driver/kernel-module mismatch).
   */
  public static Driver get() {
    return INSTANCE.get();
  }

  private void init() {
    int rc = Native.status(() -> (int) cuInit.invokeExact(0));
    if (rc == CUDA_ERROR_NO_DEVICE) throw new IllegalStateException("no CUDA device");
    check(rc, "cuInit(0)");
  }

  /** The version of CUDA the driver supports, e.g. 13000 for 13.0. */
  public int driverVersion() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_INT);
      check(Native.status(() -> (int) cuDriverGetVersion.invokeExact(v)), "cuDriverGetVersion");
      return v.get(JAVA_INT, 0);
    }
  }

  public int deviceCount() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment n = a.allocate(JAVA_INT);
      check(Native.status(() -> (int) cuDeviceGetCount.invokeExact(n)), "cuDeviceGetCount");
      return n.get(JAVA_INT, 0);
    }
  }

  /** The CUdevice handle of device ordinal {@code ordinal}. */
  public int device(int ordinal) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment d = a.allocate(JAVA_INT);
      check(Native.status(() -> (int) cuDeviceGet.invokeExact(d, ordinal)), "cuDeviceGet(" + ordinal + ")");
      return d.get(JAVA_INT, 0);
    }
  }

  public String deviceName(int device) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment name = a.allocate(256);
      check(Native.status(() -> (int) cuDeviceGetName.invokeExact(name, 256, device)), "cuDeviceGetName");
      return name.getString(0);
    }
  }

  public int attribute(int attribute, int device) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_INT);
      check(Native.status(() -> (int) cuDeviceGetAttribute.invokeExact(v, attribute, device)),
          "cuDeviceGetAttribute(" + attribute + ")");
      return v.get(JAVA_INT, 0);
    }
  }

  public long totalMemory(int device) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_LONG);
      check(Native.status(() -> (int) cuDeviceTotalMem.invokeExact(v, device)), "cuDeviceTotalMem_v2");
      return v.get(JAVA_LONG, 0);
    }
  }

  /** The device's primary context (the one the runtime API and PyTorch share), retained. */
  public MemorySegment retainPrimaryContext(int device) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment ctx = a.allocate(ADDRESS);
      check(Native.status(() -> (int) cuDevicePrimaryCtxRetain.invokeExact(ctx, device)), "cuDevicePrimaryCtxRetain");
      return ctx.get(ADDRESS, 0);
    }
  }

  public void setCurrent(MemorySegment context) {
    check(Native.status(() -> (int) cuCtxSetCurrent.invokeExact(context)), "cuCtxSetCurrent");
  }

  /** A stream that orders with the legacy default stream (flags 0), so no other work overtakes it. */
  public MemorySegment createStream() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment s = a.allocate(ADDRESS);
      check(Native.status(() -> (int) cuStreamCreate.invokeExact(s, 0)), "cuStreamCreate");
      return s.get(ADDRESS, 0);
    }
  }

  /** Waits for the stream; {@code what} names the call for the error, e.g. "after unary_f32". */
  public void synchronize(MemorySegment stream, String what) {
    check(Native.status(() -> (int) cuStreamSynchronize.invokeExact(stream)), "cuStreamSynchronize" + what);
  }

  /** A device pointer to {@code bytes} bytes, or 0 when the device is out of memory. */
  public long allocate(long bytes) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment p = a.allocate(JAVA_LONG);
      int rc = Native.status(() -> (int) cuMemAlloc.invokeExact(p, bytes));
      if (rc == CUDA_ERROR_OUT_OF_MEMORY) return 0;
      check(rc, "cuMemAlloc_v2(" + bytes + " bytes)");
      return p.get(JAVA_LONG, 0);
    }
  }

  public void free(long pointer) {
    check(Native.status(() -> (int) cuMemFree.invokeExact(pointer)), "cuMemFree_v2");
  }

  public void zeroAsync(long pointer, long bytes, MemorySegment stream) {
    check(Native.status(() -> (int) cuMemsetD8Async.invokeExact(pointer, (byte) 0, bytes, stream)),
        "cuMemsetD8Async(" + bytes + " bytes)");
  }

  public void copyToDeviceAsync(long dst, MemorySegment src, long bytes, MemorySegment stream) {
    check(Native.status(() -> (int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream)),
        "cuMemcpyHtoDAsync_v2(" + bytes + " bytes)");
  }

  public void copyToHostAsync(MemorySegment dst, long src, long bytes, MemorySegment stream) {
    check(Native.status(() -> (int) cuMemcpyDtoHAsync.invokeExact(dst, src, bytes, stream)),
        "cuMemcpyDtoHAsync_v2(" + bytes + " bytes)");
  }

  public void copyOnDeviceAsync(long dst, long src, long bytes, MemorySegment stream) {
    check(Native.status(() -> (int) cuMemcpyDtoDAsync.invokeExact(dst, src, bytes, stream)),
        "cuMemcpyDtoDAsync_v2(" + bytes + " bytes)");
  }

  /**
   * Loads a module from NUL-terminated PTX (the driver compiles it for the device). A driver older
   * than the PTX's ISA version is told apart: the fix is a driver update.
   */
  public MemorySegment loadModule(MemorySegment ptx, String name) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment m = a.allocate(ADDRESS);
      int rc = Native.status(() -> (int) cuModuleLoadData.invokeExact(m, ptx));
      if (rc == CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
        throw new IllegalStateException("the NVIDIA driver (CUDA " + versionString(driverVersion())
            + ") is too old for shinso's kernels (" + name + ", PTX from nvcc " + Ptx.compilerVersion()
            + "): update the driver");
      }
      check(rc, "cuModuleLoadData(" + name + ")");
      return m.get(ADDRESS, 0);
    }
  }

  public MemorySegment function(MemorySegment module, String name) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment f = a.allocate(ADDRESS);
      check(Native.status(() -> (int) cuModuleGetFunction.invokeExact(f, module, a.allocateFrom(name))),
          "cuModuleGetFunction(" + name + ")");
      return f.get(ADDRESS, 0);
    }
  }

  /** A 1-d launch of {@code function} (named {@code kernel} in errors) with its packed arguments. */
  public void launch(MemorySegment function, String kernel, int grid, int block, MemorySegment stream,
      MemorySegment params) {
    int rc = Native.status(() -> (int) cuLaunchKernel.invokeExact(function, grid, 1, 1, block, 1, 1, 0, stream,
        params, MemorySegment.NULL));
    if (rc != 0) check(rc, "cuLaunchKernel(" + kernel + ", grid " + grid + ", block " + block + ")");
  }

  /** Throws when rc is not CUDA_SUCCESS: "call failed: CUDA_ERROR_NAME (description)". */
  public void check(int rc, String call) {
    if (rc != 0) throw new IllegalStateException(call + " failed: " + describe(rc));
  }

  /** "CUDA_ERROR_NAME (description)", or the number when the driver does not know it. */
  public String describe(int rc) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment name = a.allocate(ADDRESS), text = a.allocate(ADDRESS);
      int n = Native.status(() -> (int) cuGetErrorName.invokeExact(rc, name));
      int s = Native.status(() -> (int) cuGetErrorString.invokeExact(rc, text));
      if (n != 0) return "CUDA error " + rc;
      String result = name.get(ADDRESS, 0).reinterpret(256).getString(0);
      return s == 0 ? result + " (" + text.get(ADDRESS, 0).reinterpret(1024).getString(0) + ")" : result;
    }
  }

  /** 13000 -> "13.0". */
  public static String versionString(int version) {
    return version / 1000 + "." + version % 1000 / 10;
  }
}
