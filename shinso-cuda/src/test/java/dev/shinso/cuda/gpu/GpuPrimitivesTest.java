package dev.shinso.cuda.gpu;

import static dev.shinso.cuda.GpuAvailable.assumeGpu;
import static dev.shinso.cuda.gpu.Close.assertClose;

import dev.shinso.backend.Backend;
import dev.shinso.backend.Backends;
import dev.shinso.backend.BinaryOp;
import dev.shinso.backend.ReduceOp;
import dev.shinso.backend.UnaryOp;
import dev.shinso.backend.cpu.CpuBackend;
import dev.shinso.internal.Tensors;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each kernel primitive of the CUDA backend against the CPU backend's, on strided and broadcast views. */
class GpuPrimitivesTest {
  static final Device CUDA = new Device("cuda", 0);
  private static final CpuBackend CPU = CpuBackend.INSTANCE;
  private Backend gpu;
  private final Generator g = new Generator(7);

  @BeforeEach
  void open() {
    assumeGpu();
    gpu = Backends.of(CUDA);
  }

  private Tensor randn(int... shape) {
    return Tensor.randn(Device.CPU, g, shape);
  }

  private static Tensor on(Tensor cpu) {
    return cpu.to(CUDA);
  }

  /** cpuView's view (shape, strides, offset) of gpuBase, a GPU copy of cpuView's contiguous base. */
  private static Tensor sameView(Tensor cpuView, Tensor gpuBase) {
    return Tensors.ofStorage(gpuBase.storage(), cpuView.shapeArray(), cpuView.stridesArray(), cpuView.offset());
  }

  @ParameterizedTest
  @EnumSource(UnaryOp.class)
  void unaryOnATransposedView(UnaryOp op) {
    Tensor base = randn(33, 65).mul(3f);
    Tensor x = base.t();
    float p = op == UnaryOp.CLAMP ? -0.5f : op == UnaryOp.POW ? 2.5f : 0.1f, q = op == UnaryOp.CLAMP ? 0.7f : 0;
    assertClose(op.name(), gpu.unary(op, sameView(x, on(base)), p, q), CPU.unary(op, x, p, q), 2e-5);
  }

  @ParameterizedTest
  @EnumSource(BinaryOp.class)
  void binaryWithBroadcastAndTies(BinaryOp op) {
    Tensor a = randn(17, 31), row = randn(1, 31);
    a.narrow(0, 0, 1).copy_(row);  // row 0 ties with b for the comparisons
    Tensor bExp = row.expand(17, 31);
    Tensor gb = on(row).expand(17, 31);
    assertClose(op.name(), gpu.binary(op, on(a), gb), CPU.binary(op, a, bExp));
  }

  @ParameterizedTest
  @EnumSource(value = BinaryOp.class, names = {"ADD", "SUB", "MUL", "MAX", "MIN", "EQ", "NE", "LT", "LE", "GT", "GE"})
  void int64Binary(BinaryOp op) {
    Tensor a = Tensor.randint(Device.CPU, g, -5, 5, 40), b = Tensor.randint(Device.CPU, g, -5, 5, 40);
    assertClose(op.name(), gpu.binary(op, on(a), on(b)), CPU.binary(op, a, b));
  }

  @Test
  void binaryInPlaceOnAView() {
    Tensor c = randn(8, 9), src = randn(9);
    Tensor gc = on(c);
    gpu.binaryInPlace(BinaryOp.MUL, gc.t().t(), on(src).unsqueeze(0).expand(8, 9));
    CPU.binaryInPlace(BinaryOp.MUL, c, src.unsqueeze(0).expand(8, 9));
    assertClose("mul_", gc, c);
  }

  @Test
  void whereWithFloatAndInt64Conditions() {
    Tensor a = randn(6, 7), b = randn(6, 7), cond = randn(6, 7).gt(0), lcond = Tensor.randint(Device.CPU, g, 0, 2, 6, 7);
    assertClose("where f", gpu.where(on(cond), on(a), on(b)), CPU.where(cond, a, b));
    assertClose("where l", gpu.where(on(lcond), on(a), on(b)), CPU.where(lcond, a, b));
    Tensor la = Tensor.randint(Device.CPU, g, -9, 9, 6, 7);
    assertClose("where int64", gpu.where(on(cond), on(la), on(la).neg()), CPU.where(cond, la, la.neg()));
  }

  @Test
  void copiesConvertAsJava() {
    Tensor x = Tensor.of(Device.CPU, new float[] {1.9f, -1.9f, Float.NaN, Float.POSITIVE_INFINITY, -1e30f, 0.5f});
    assertClose("float->int64", on(x).to(DType.INT64), x.to(DType.INT64));
    Tensor l = Tensor.ofLongs(Device.CPU, new long[] {(1L << 40) + 1, -3, Long.MAX_VALUE});
    assertClose("int64->float", on(l).to(DType.FLOAT32), l.to(DType.FLOAT32));
    Tensor base = randn(4, 5, 6);
    assertClose("permuted copy", on(base).permute(2, 0, 1).contiguous(), base.permute(2, 0, 1).contiguous());
  }

  @Test
  void reductionsOverAnySetOfDims() {
    Tensor x = randn(3, 4, 5, 6);
    int[][] dimSets = {{0}, {1}, {3}, {0, 2}, {1, 3}, {0, 1, 2, 3}, {0, 1, 3}};
    for (ReduceOp op : ReduceOp.values()) {
      for (int[] dims : dimSets) {
        assertClose(op + java.util.Arrays.toString(dims), gpu.reduce(op, on(x), dims), CPU.reduce(op, x, dims));
        Tensor p = x.permute(3, 1, 0, 2);
        assertClose(op + " permuted", gpu.reduce(op, on(x).permute(3, 1, 0, 2), dims), CPU.reduce(op, p, dims));
      }
    }
  }

  @Test
  void longReductionsSplitInTwoPasses() {
    Tensor x = Tensor.rand(Device.CPU, g, 1 << 22);
    for (ReduceOp op : ReduceOp.values()) {
      assertClose(op + " of 2^22", gpu.reduce(op, on(x), new int[] {0}), CPU.reduce(op, x, new int[] {0}));
    }
    Tensor rows = randn(3, 100_000);
    assertClose("long rows", gpu.reduce(ReduceOp.SUM, on(rows), new int[] {1}), CPU.reduce(ReduceOp.SUM, rows,
        new int[] {1}));
  }

  @Test
  void maxAndMinLetNaNWin() {
    Tensor x = Tensor.of(Device.CPU, new float[] {1, Float.NaN, 3, -2, 5, 5, -7, -7}, 2, 4);
    for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN}) {
      assertClose(op.name(), gpu.reduce(op, on(x), new int[] {1}), CPU.reduce(op, x, new int[] {1}));
    }
    assertClose("argmax", gpu.argReduce(true, on(x), 1), CPU.argReduce(true, x, 1));
    assertClose("argmin", gpu.argReduce(false, on(x), 1), CPU.argReduce(false, x, 1));
  }

  @Test
  void argReduceTakesTheFirstOfTies() {
    Tensor x = Tensor.randint(Device.CPU, g, 0, 4, 37, 300).toFloat();
    for (int dim = 0; dim < 2; dim++) {
      assertClose("argmax " + dim, gpu.argReduce(true, on(x), dim), CPU.argReduce(true, x, dim));
      assertClose("argmin " + dim, gpu.argReduce(false, on(x).t().t(), dim), CPU.argReduce(false, x, dim));
    }
    Tensor longRow = randn(2, 10_000);
    assertClose("argmax long", gpu.argReduce(true, on(longRow), 1), CPU.argReduce(true, longRow, 1));
  }

  @Test
  void matmulOfViews() {
    Tensor a = randn(5, 7, 9), b = randn(9, 11);
    assertClose("batched, broadcast right", gpu.matmul(on(a), on(b).unsqueeze(0).expand(5, 9, 11)),
        CPU.matmul(a, b.unsqueeze(0).expand(5, 9, 11)));
    Tensor at = randn(9, 7);
    assertClose("transposed left", gpu.matmul(on(at).t(), on(b)), CPU.matmul(at.t(), b));
    Tensor bt = randn(11, 9);
    assertClose("transposed right", gpu.matmul(on(a).select(0, 2), on(bt).t()), CPU.matmul(a.select(0, 2), bt.t()));
    Tensor big = randn(2, 3, 64, 48), big2 = randn(3, 48, 32);
    assertClose("4-d, broadcast batch", gpu.matmul(on(big), on(big2).unsqueeze(0).expand(2, 3, 48, 32)),
        CPU.matmul(big, big2.unsqueeze(0).expand(2, 3, 48, 32)));
    Tensor v = randn(1, 9), w = randn(9, 1);
    assertClose("row times column", gpu.matmul(on(v), on(w)), CPU.matmul(v, w));
  }

  @Test
  void indexing() {
    Tensor x = randn(6, 5), idx = Tensor.ofLongs(Device.CPU, new long[] {4, -1, 0, 0});
    assertClose("indexSelect 1", gpu.indexSelect(on(x), 1, on(idx)), CPU.indexSelect(x, 1, idx));
    assertClose("indexSelect 0 of a view", gpu.indexSelect(on(x).t(), 0, on(idx)), CPU.indexSelect(x.t(), 0, idx));
    Tensor gi = Tensor.randint(Device.CPU, g, -5, 5, 6, 3);
    assertClose("gather", gpu.gather(on(x), 1, on(gi)), CPU.gather(x, 1, gi));
    Tensor si = Tensor.randint(Device.CPU, g, 0, 6, 4, 5), src = randn(4, 5);
    assertClose("scatterAdd repeats", gpu.scatterAdd(on(x), 0, on(si), on(src)), CPU.scatterAdd(x, 0, si, src));
    Tensor lx = Tensor.randint(Device.CPU, g, -100, 100, 6, 5);
    assertClose("int64 scatterAdd", gpu.scatterAdd(on(lx), 0, on(si), on(lx).narrow(0, 0, 4)),
        CPU.scatterAdd(lx, 0, si, lx.narrow(0, 0, 4)));
  }

  @Test
  void fills() {
    Tensor x = randn(5, 6);
    Tensor gx = on(x);
    gpu.fill(gx.t().narrow(0, 1, 3), 2.5);
    CPU.fill(x.t().narrow(0, 1, 3), 2.5);
    assertClose("fill of a view", gx, x);
    Tensor l = Tensor.ofLongs(Device.CPU, new long[6]);
    Tensor gl = on(l);
    gpu.fill(gl, -3);
    CPU.fill(l, -3);
    assertClose("int64 fill", gl, l);
  }
}
