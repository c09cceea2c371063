package dev.shinso.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.HashMap;
import java.util.Map;

/**
 * cuDNN 9's convolutions through its legacy API (cudnnConvolutionForward and the two backward
 * calls, still in cuDNN 9's libcudnn_cnn), on one handle bound to the GPU's stream. For each shape
 * (and TF32 setting) the descriptors are made once and the algorithms chosen by cuDNN's heuristics
 * (the _v7 queries, as PyTorch without cudnn.benchmark): the first that succeeds within the
 * workspace limit. TF32 follows {@code tf32}: CUDNN_FMA_MATH (plain float32) when off.
 */
final class CudnnConvolutions implements Convolutions {
  private static final int NCHW = 0, FLOAT = 0, CROSS_CORRELATION = 1, DEFAULT_MATH = 0, FMA_MATH = 3;
  private static final int SUCCESS = 0, ALGORITHMS = 8;
  private static final long WORKSPACE_LIMIT = 1L << 30;
  /** cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t: algo, status, time, memory (at 16), …; 48 bytes. */
  private static final int PERF_BYTES = 48, PERF_STATUS = 4, PERF_MEMORY = 16;

  /** Every cuDNN call made here and its C signature. */
  static final Map<String, FunctionDescriptor> CALLS = Map.ofEntries(
      call("cudnnCreate", ADDRESS),
      call("cudnnSetStream", ADDRESS, ADDRESS),
      call("cudnnCreateTensorDescriptor", ADDRESS),
      call("cudnnSetTensor4dDescriptor", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
      call("cudnnCreateFilterDescriptor", ADDRESS),
      call("cudnnSetFilter4dDescriptor", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
      call("cudnnCreateConvolutionDescriptor", ADDRESS),
      call("cudnnSetConvolution2dDescriptor", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
          JAVA_INT, JAVA_INT),
      call("cudnnSetConvolutionGroupCount", ADDRESS, JAVA_INT),
      call("cudnnSetConvolutionMathType", ADDRESS, JAVA_INT),
      call("cudnnGetConvolutionForwardAlgorithm_v7", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
          ADDRESS),
      call("cudnnGetConvolutionBackwardDataAlgorithm_v7", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT,
          ADDRESS, ADDRESS),
      call("cudnnGetConvolutionBackwardFilterAlgorithm_v7", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT,
          ADDRESS, ADDRESS),
      call("cudnnConvolutionForward", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
          JAVA_LONG, ADDRESS, ADDRESS, ADDRESS),
      call("cudnnConvolutionBackwardData", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT,
          ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS),
      call("cudnnConvolutionBackwardFilter", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT,
          ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS),
      Map.entry("cudnnGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT)));

  private final Map<String, MethodHandle> h = new HashMap<>();
  /** The three calls of every step, invoked exactly (no boxing): the rest run once per shape. */
  private final MethodHandle forwardCall, backwardDataCall, backwardFilterCall;
  private final MemorySegment handle, one, zero;
  private final Runnable enter;
  private final Map<Key, Plan> plans = new HashMap<>();

  /** Descriptors and chosen algorithms of one shape; an algorithm of -1 is not chosen yet, -2 none fits. */
  private static final class Plan {
    MemorySegment x, w, y, conv;
    int forward = -1, backwardData = -1, backwardFilter = -1;
    long forwardBytes, backwardDataBytes, backwardFilterBytes;
  }

  private record Key(Shape shape, boolean tf32) {}

  /** A handle on {@code stream}; {@code enter} makes the GPU's context current (cuDNN calls need it). */
  CudnnConvolutions(SymbolLookup lib, MemorySegment stream, Runnable enter) {
    for (var e : CALLS.entrySet()) h.put(e.getKey(), Native.bind(lib, "cuDNN", e.getKey(), e.getValue()));
    forwardCall = h.get("cudnnConvolutionForward");
    backwardDataCall = h.get("cudnnConvolutionBackwardData");
    backwardFilterCall = h.get("cudnnConvolutionBackwardFilter");
    this.enter = enter;
    enter.run();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment p = a.allocate(ADDRESS);
      check(invoke("cudnnCreate", p), "cudnnCreate");
      handle = p.get(ADDRESS, 0);
    }
    check(invoke("cudnnSetStream", handle, stream), "cudnnSetStream");
    one = Arena.global().allocateFrom(JAVA_FLOAT, 1f);
    zero = Arena.global().allocateFrom(JAVA_FLOAT, 0f);
  }

  private static Map.Entry<String, FunctionDescriptor> call(String symbol, MemoryLayout... args) {
    return Map.entry(symbol, FunctionDescriptor.of(JAVA_INT, args));
  }

  @Override
  public synchronized boolean forward(Shape s, long x, long w, long y, boolean tf32, Workspace ws) {
    Plan p = plan(s, tf32);
    if (p.forward == -1) {
      long[] chosen = choose("cudnnGetConvolutionForwardAlgorithm_v7", p.x, p.w, p.conv, p.y);
      p.forward = (int) chosen[0];
      p.forwardBytes = chosen[1];
    }
    if (p.forward < 0) return false;
    MemorySegment space = ptr(workspace(ws, p.forwardBytes));
    check(Native.status(() -> (int) forwardCall.invokeExact(handle, one, p.x, ptr(x), p.w, ptr(w), p.conv, p.forward,
        space, p.forwardBytes, zero, p.y, ptr(y))), "cudnnConvolutionForward" + s);
    return true;
  }

  @Override
  public synchronized boolean backwardData(Shape s, long dy, long w, long dx, boolean tf32, Workspace ws) {
    Plan p = plan(s, tf32);
    if (p.backwardData == -1) {
      long[] chosen = choose("cudnnGetConvolutionBackwardDataAlgorithm_v7", p.w, p.y, p.conv, p.x);
      p.backwardData = (int) chosen[0];
      p.backwardDataBytes = chosen[1];
    }
    if (p.backwardData < 0) return false;
    MemorySegment space = ptr(workspace(ws, p.backwardDataBytes));
    check(Native.status(() -> (int) backwardDataCall.invokeExact(handle, one, p.w, ptr(w), p.y, ptr(dy), p.conv,
        p.backwardData, space, p.backwardDataBytes, zero, p.x, ptr(dx))), "cudnnConvolutionBackwardData" + s);
    return true;
  }

  @Override
  public synchronized boolean backwardFilter(Shape s, long x, long dy, long dw, boolean tf32, Workspace ws) {
    Plan p = plan(s, tf32);
    if (p.backwardFilter == -1) {
      long[] chosen = choose("cudnnGetConvolutionBackwardFilterAlgorithm_v7", p.x, p.y, p.conv, p.w);
      p.backwardFilter = (int) chosen[0];
      p.backwardFilterBytes = chosen[1];
    }
    if (p.backwardFilter < 0) return false;
    MemorySegment space = ptr(workspace(ws, p.backwardFilterBytes));
    check(Native.status(() -> (int) backwardFilterCall.invokeExact(handle, one, p.x, ptr(x), p.y, ptr(dy), p.conv,
        p.backwardFilter, space, p.backwardFilterBytes, zero, p.w, ptr(dw))), "cudnnConvolutionBackwardFilter" + s);
    return true;
  }

  private Plan plan(Shape s, boolean tf32) {
    enter.run();
    return plans.computeIfAbsent(new Key(s, tf32), k -> {
      Plan p = new Plan();
      p.x = create("cudnnCreateTensorDescriptor");
      check(invoke("cudnnSetTensor4dDescriptor", p.x, NCHW, FLOAT, s.n(), s.c(), s.h(), s.w()), "x descriptor" + s);
      p.y = create("cudnnCreateTensorDescriptor");
      check(invoke("cudnnSetTensor4dDescriptor", p.y, NCHW, FLOAT, s.n(), s.k(), s.oh(), s.ow()), "y descriptor" + s);
      p.w = create("cudnnCreateFilterDescriptor");
      check(invoke("cudnnSetFilter4dDescriptor", p.w, FLOAT, NCHW, s.k(), s.c() / s.groups(), s.kh(), s.kw()),
          "filter descriptor" + s);
      p.conv = create("cudnnCreateConvolutionDescriptor");
      check(invoke("cudnnSetConvolution2dDescriptor", p.conv, s.padH(), s.padW(), s.strideH(), s.strideW(),
          s.dilationH(), s.dilationW(), CROSS_CORRELATION, FLOAT), "convolution descriptor" + s);
      check(invoke("cudnnSetConvolutionGroupCount", p.conv, s.groups()), "cudnnSetConvolutionGroupCount");
      check(invoke("cudnnSetConvolutionMathType", p.conv, k.tf32() ? DEFAULT_MATH : FMA_MATH),
          "cudnnSetConvolutionMathType");
      return p;
    });
  }

  /** The heuristics' first algorithm that works within the workspace limit: {algo, bytes}, or {-2, 0}. */
  private long[] choose(String query, MemorySegment a, MemorySegment b, MemorySegment conv, MemorySegment c) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment count = arena.allocate(JAVA_INT), perf = arena.allocate(PERF_BYTES * ALGORITHMS, 8);
      check(invoke(query, handle, a, b, conv, c, ALGORITHMS, count, perf), query);
      for (int i = 0; i < count.get(JAVA_INT, 0); i++) {
        long at = (long) i * PERF_BYTES;
        long bytes = perf.get(JAVA_LONG, at + PERF_MEMORY);
        if (perf.get(JAVA_INT, at + PERF_STATUS) == SUCCESS && bytes <= WORKSPACE_LIMIT) {
          return new long[] {perf.get(JAVA_INT, at), bytes};
        }
      }
      return new long[] {-2, 0};
    }
  }

  private static long workspace(Workspace ws, long bytes) {
    return bytes == 0 ? 0 : ws.allocate(bytes);
  }

  private MemorySegment create(String call) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment p = a.allocate(ADDRESS);
      check(invoke(call, p), call);
      return p.get(ADDRESS, 0);
    }
  }

  private static MemorySegment ptr(long address) {
    return MemorySegment.ofAddress(address);
  }

  private int invoke(String call, Object... args) {
    try {
      return (int) h.get(call).invokeWithArguments(args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(call + ": " + t, t);
    }
  }

  private void check(int status, String call) {
    if (status == SUCCESS) return;
    String text;
    try {
      text = ((MemorySegment) h.get("cudnnGetErrorString").invokeExact(status)).reinterpret(256).getString(0);
    } catch (Throwable t) {
      text = "cuDNN status " + status;
    }
    throw new IllegalStateException(call + " failed: " + text);
  }
}
