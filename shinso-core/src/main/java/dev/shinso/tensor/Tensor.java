package dev.shinso.tensor;

import dev.shinso.Shinso;
import dev.shinso.autograd.Engine;
import dev.shinso.autograd.HookHandle;
import dev.shinso.autograd.NoGrad;
import dev.shinso.autograd.Node;
import dev.shinso.backend.Backend;
import dev.shinso.backend.Backends;
import dev.shinso.backend.BinaryOp;
import dev.shinso.internal.Tensors;
import dev.shinso.ops.Arithmetic;
import dev.shinso.ops.Devices;
import dev.shinso.ops.Index;
import dev.shinso.ops.Join;
import dev.shinso.ops.MatMul;
import dev.shinso.ops.Reduce;
import dev.shinso.ops.Transfer;
import dev.shinso.ops.Unary;
import dev.shinso.ops.Views;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * An n-dimensional array: a view (shape, strides, offset) over a {@link Storage}, plus the autograd
 * fields. Ops never change their inputs; methods ending in {@code _} change this tensor in place.
 * Method names follow PyTorch's, in Java casing. The math of each op lives in {@code dev.shinso.ops}.
 */
public class Tensor {
  // Not final only for setData (Module.to moves parameters in place, as PyTorch's param.data = …).
  private Storage storage;
  private int[] shape;
  private int[] strides;
  private int offset;
  private boolean requiresGrad;
  private Tensor grad;
  private Node gradFn;
  private List<Consumer<Tensor>> gradHooks; // post-accumulate hooks of a leaf; null while there are none

  private Tensor(Storage storage, int[] shape, int[] strides, int offset) {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
  }

  /** A view of data's elements (for {@code nn.Parameter}, the one subclass). */
  protected Tensor(Tensor data) {
    this(data.storage, data.shape, data.strides, data.offset);
  }

  static {
    Tensors.install(new Tensors.Access() {
      @Override
      public Tensor ofStorage(Storage storage, int[] shape, int[] strides, int offset) {
        return Tensor.ofStorage(storage, shape, strides, offset);
      }

      @Override
      public void setGradFn(Tensor t, Node node) {
        t.gradFn = node;
        t.requiresGrad = true;
      }

      @Override
      public List<Consumer<Tensor>> postAccumulateGradHooks(Tensor t) {
        return t.gradHooks == null ? List.of() : t.gradHooks;
      }
    });
  }

  /**
   * A view over existing storage. Backends and ops reach it through {@link Tensors#ofStorage},
   * which the module does not export; users create tensors with the factories below.
   */
  static Tensor ofStorage(Storage storage, int[] shape, int[] strides, int offset) {
    return new Tensor(storage, shape.clone(), strides.clone(), offset);
  }

  // ---- creation (see Creation for the details) ----
  // Each factory has a form that takes the device and one that uses the default device
  // (Shinso.defaultDevice(), the CPU unless set), as torch's device= argument and
  // torch.set_default_device. Code inside shinso passes the device of its inputs.

  public static Tensor empty(DType dtype, int... shape) {
    return empty(Shinso.defaultDevice(), dtype, shape);
  }

  /** Zero-filled. */
  public static Tensor empty(Device device, DType dtype, int... shape) {
    Storage storage = Backends.of(device).allocate(dtype, Shape.numel(shape));
    return ofStorage(storage, shape, Shape.contiguousStrides(shape), 0);
  }

  public static Tensor zeros(int... shape) {
    return zeros(Shinso.defaultDevice(), shape);
  }

  public static Tensor zeros(Device device, int... shape) {
    return empty(device, DType.FLOAT32, shape);
  }

  public static Tensor ones(int... shape) {
    return full(1f, shape);
  }

  public static Tensor ones(Device device, int... shape) {
    return full(device, 1f, shape);
  }

  public static Tensor full(float value, int... shape) {
    return full(Shinso.defaultDevice(), value, shape);
  }

  public static Tensor full(Device device, float value, int... shape) {
    Tensor t = zeros(device, shape);
    if (value != 0) t.backend().fill(t, value);
    return t;
  }

  /** Zeros of t's shape and dtype on t's device. */
  public static Tensor zerosLike(Tensor t) {
    return empty(t.device(), t.dtype(), t.shape);
  }

  public static Tensor onesLike(Tensor t) {
    return fullLike(t, 1);
  }

  public static Tensor fullLike(Tensor t, float value) {
    Tensor o = zerosLike(t);
    if (value != 0) o.backend().fill(o, value);
    return o;
  }

  /** A 0-d tensor (shape []), as torch.tensor(value): broadcasting it never adds a dimension. */
  public static Tensor scalar(float value) {
    return scalar(Shinso.defaultDevice(), value);
  }

  public static Tensor scalar(Device device, float value) {
    return of(device, new float[] {value}).view();
  }

  /** A 0-d tensor of dtype holding value (rounded to it). */
  public static Tensor scalar(Device device, DType dtype, double value) {
    Tensor t = empty(device, dtype);
    t.backend().fill(t, value);
    return t;
  }

  public static Tensor scalarLong(long value) {
    return scalarLong(Shinso.defaultDevice(), value);
  }

  public static Tensor scalarLong(Device device, long value) {
    return ofLongs(device, new long[] {value}).view();
  }

  /** A tensor over a copy of data, with the given shape (1-d when no shape is given). */
  public static Tensor of(float[] data, int... shape) {
    return of(Shinso.defaultDevice(), data, shape);
  }

  public static Tensor of(Device device, float[] data, int... shape) {
    return Creation.fromArray(device, data, shape);
  }

  public static Tensor of(float[][] rows) {
    return Creation.fromRows(Shinso.defaultDevice(), rows);
  }

  /** A FLOAT64 tensor over a copy of data (as torch.tensor(..., dtype=torch.float64)). */
  public static Tensor ofDoubles(double[] data, int... shape) {
    return ofDoubles(Shinso.defaultDevice(), data, shape);
  }

  public static Tensor ofDoubles(Device device, double[] data, int... shape) {
    return Creation.fromArray(device, data, shape);
  }

  public static Tensor ofLongs(long[] data, int... shape) {
    return ofLongs(Shinso.defaultDevice(), data, shape);
  }

  public static Tensor ofLongs(Device device, long[] data, int... shape) {
    return Creation.fromArray(device, data, shape);
  }

  /**
   * A CPU tensor over data itself, not a copy (as torch.from_numpy): later writes to data show in
   * the tensor. For data sets and other large arrays built on the host.
   */
  public static Tensor wrap(float[] data, int... shape) {
    return Creation.wrap(data, shape);
  }

  public static Tensor wrap(double[] data, int... shape) {
    return Creation.wrap(data, shape);
  }

  public static Tensor wrap(long[] data, int... shape) {
    return Creation.wrap(data, shape);
  }

  /** [start, end) in steps of step, FLOAT32. */
  public static Tensor arange(float start, float end, float step) {
    return arange(Shinso.defaultDevice(), start, end, step);
  }

  public static Tensor arange(Device device, float start, float end, float step) {
    return Creation.arange(device, start, end, step);
  }

  /** 0, 1, …, end − 1 as INT64, as torch.arange(end) with an integer end. */
  public static Tensor arange(long end) {
    return arange(0L, end, 1L);
  }

  /** [start, end) in steps of step, INT64 (integer arguments, as in PyTorch). */
  public static Tensor arange(long start, long end, long step) {
    return arange(Shinso.defaultDevice(), start, end, step);
  }

  public static Tensor arange(Device device, long start, long end, long step) {
    return Creation.arange(device, start, end, step);
  }

  /** 0, 1, …, below end as FLOAT32, as torch.arange(end) with a float end. */
  public static Tensor arange(float end) {
    return arange(0f, end, 1f);
  }

  public static Tensor linspace(float start, float end, int steps) {
    return linspace(Shinso.defaultDevice(), start, end, steps);
  }

  public static Tensor linspace(Device device, float start, float end, int steps) {
    return Creation.linspace(device, start, end, steps);
  }

  public static Tensor eye(int n) {
    return eye(Shinso.defaultDevice(), n);
  }

  public static Tensor eye(Device device, int n) {
    return Creation.eye(device, n);
  }

  /** Uniform in [0, 1), from the default generator ({@code Shinso.manualSeed}). */
  public static Tensor rand(int... shape) {
    return rand(Shinso.defaultDevice(), null, shape);
  }

  public static Tensor rand(Generator generator, int... shape) {
    return rand(Shinso.defaultDevice(), generator, shape);
  }

  /** generator null: the default one. */
  public static Tensor rand(Device device, Generator generator, int... shape) {
    return Creation.rand(device, generator, shape);
  }

  /** Standard normal. */
  public static Tensor randn(int... shape) {
    return randn(Shinso.defaultDevice(), null, shape);
  }

  public static Tensor randn(Generator generator, int... shape) {
    return randn(Shinso.defaultDevice(), generator, shape);
  }

  public static Tensor randn(Device device, Generator generator, int... shape) {
    return Creation.randn(device, generator, shape);
  }

  /** Integers uniform in [low, high), INT64. */
  public static Tensor randint(long low, long high, int... shape) {
    return randint(Shinso.defaultDevice(), null, low, high, shape);
  }

  public static Tensor randint(Device device, Generator generator, long low, long high, int... shape) {
    return Creation.randint(device, generator, low, high, shape);
  }

  /** 1 with probability p (elementwise, p holds probabilities), else 0; on p's device. */
  public static Tensor bernoulli(Tensor p) {
    return Creation.bernoulli(null, p);
  }

  public static Tensor bernoulli(Tensor p, Generator generator) {
    return Creation.bernoulli(generator, p);
  }

  // ---- structure ----

  public Storage storage() {
    return storage;
  }

  /** The backend of this tensor's device, which runs every kernel on it. */
  public Backend backend() {
    return storage.backend();
  }

  public Device device() {
    return storage.device();
  }

  public DType dtype() {
    return storage.dtype();
  }

  public Shape shape() {
    return Shape.of(shape);
  }

  public int[] shapeArray() {
    return shape.clone();
  }

  public String shapeString() {
    return Arrays.toString(shape);
  }

  public int[] stridesArray() {
    return strides.clone();
  }

  /** Size of a dim; negative dims count from the end. */
  public int size(int dim) {
    return shape[Shape.normalizeDim(dim, shape.length, "size")];
  }

  public int stride(int dim) {
    return strides[Shape.normalizeDim(dim, shape.length, "stride")];
  }

  public int offset() {
    return offset;
  }

  public int dim() {
    return shape.length;
  }

  public int numel() {
    return Shape.numel(shape);
  }

  public boolean isContiguous() {
    int expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && strides[i] != expected) return false;
      expected *= shape[i];
    }
    return true;
  }

  // ---- data out ----

  public float[] toFloatArray() {
    return backend().toFloatArray(this);
  }

  public long[] toLongArray() {
    return backend().toLongArray(this);
  }

  /** The elements as doubles, whatever the dtype (exact for FLOAT32 and FLOAT64). */
  public double[] toDoubleArray() {
    return backend().toDoubleArray(this);
  }

  /** The value of a one-element tensor. */
  public float item() {
    requireOneElement("item");
    return toFloatArray()[0];
  }

  /** The value of a one-element tensor as a double (exact for FLOAT64, as torch's item()). */
  public double itemDouble() {
    requireOneElement("itemDouble");
    return toDoubleArray()[0];
  }

  public long itemLong() {
    requireOneElement("itemLong");
    return toLongArray()[0];
  }

  /** The element at the given indices (one per dim). */
  public float get(int... indices) {
    Tensor t = this;
    if (indices.length != shape.length) {
      throw new IllegalArgumentException("get: " + indices.length + " indices for a tensor of shape " + shapeString());
    }
    for (int i = indices.length - 1; i >= 0; i--) t = Views.select(t.detach(), i, indices[i]);
    return t.item();
  }

  private void requireOneElement(String op) {
    if (numel() != 1) throw new IllegalStateException(op + ": tensor of shape " + shapeString() + " has " + numel() + " elements, not 1");
  }

  /** FLOAT32 version of this tensor (itself when already FLOAT32). */
  public Tensor toFloat() {
    return to(DType.FLOAT32);
  }

  /** FLOAT64 version of this tensor (itself when already FLOAT64), as torch's {@code double()}. */
  public Tensor toDouble() {
    return to(DType.FLOAT64);
  }

  /**
   * This tensor converted to dtype (itself when already of it). Between floating dtypes the
   * conversion stays in the graph, the gradient converted back, as in PyTorch.
   */
  public Tensor to(DType dtype) {
    return Transfer.to(this, dtype);
  }

  /**
   * This tensor on device (itself when already there), as torch's {@code to(device)}: a contiguous
   * copy that stays in the graph, its gradient going back to this device.
   */
  public Tensor to(Device device) {
    return Transfer.to(this, device);
  }

  /**
   * Makes this tensor a view of data's storage, shape and strides while keeping its identity, its
   * gradient and its place in the graph, as PyTorch's {@code t.data = other}: how
   * {@code Module.to} moves parameters in place, so that optimisers holding them keep working.
   */
  public void setData(Tensor data) {
    if (data.dtype() != dtype() && !(data.dtype().isFloatingPoint() && dtype().isFloatingPoint())) {
      throw new IllegalArgumentException("setData: new data is " + data.dtype() + ", the tensor " + dtype()
          + " (shape " + shapeString() + "); only a floating dtype may become another");
    }
    storage = data.storage;
    shape = data.shape.clone();
    strides = data.strides.clone();
    offset = data.offset;
  }

  // ---- views ----

  public Tensor reshape(int... newShape) {
    return Views.reshape(this, newShape);
  }

  public Tensor view(int... newShape) {
    return Views.view(this, newShape);
  }

  public Tensor permute(int... dims) {
    return Views.permute(this, dims);
  }

  public Tensor transpose(int dim0, int dim1) {
    return Views.transpose(this, dim0, dim1);
  }

  /** Transpose of a matrix (rank ≤ 2). */
  public Tensor t() {
    if (dim() > 2) throw new IllegalArgumentException("t: expects a tensor of rank <= 2, got " + shapeString());
    return dim() < 2 ? this : transpose(0, 1);
  }

  public Tensor expand(int... newShape) {
    return Views.expand(this, newShape);
  }

  public Tensor narrow(int dim, int start, int length) {
    return Views.narrow(this, dim, start, length);
  }

  /** Python's x[..., start:end:step] along dim. */
  public Tensor slice(int dim, int start, int end, int step) {
    return Views.slice(this, dim, start, end, step);
  }

  public Tensor select(int dim, int index) {
    return Views.select(this, dim, index);
  }

  public Tensor squeeze() {
    return Views.squeeze(this);
  }

  public Tensor squeeze(int dim) {
    return Views.squeeze(this, dim);
  }

  public Tensor unsqueeze(int dim) {
    return Views.unsqueeze(this, dim);
  }

  public Tensor flatten() {
    return Views.flatten(this, 0, -1);
  }

  public Tensor flatten(int startDim, int endDim) {
    return Views.flatten(this, startDim, endDim);
  }

  public Tensor contiguous() {
    return Views.contiguous(this);
  }

  public List<Tensor> split(int splitSize, int dim) {
    return Join.split(this, splitSize, dim);
  }

  public List<Tensor> chunk(int chunks, int dim) {
    return Join.chunk(this, chunks, dim);
  }

  public static Tensor cat(List<Tensor> tensors, int dim) {
    return Join.cat(tensors, dim);
  }

  public static Tensor stack(List<Tensor> tensors, int dim) {
    return Join.stack(tensors, dim);
  }

  // ---- indexing ----

  public Tensor indexSelect(int dim, Tensor index) {
    return Index.indexSelect(this, dim, index);
  }

  public Tensor gather(int dim, Tensor index) {
    return Index.gather(this, dim, index);
  }

  public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
    return Index.scatterAdd(this, dim, index, src);
  }

  /** The upper triangle of the last two dimensions, on and above the main diagonal, as torch.triu. */
  public Tensor triu() {
    return Index.triangle(this, 0, true);
  }

  /** The elements on and above the k-th diagonal of the last two dimensions (k > 0 above the main one), as torch.triu. */
  public Tensor triu(int diagonal) {
    return Index.triangle(this, diagonal, true);
  }

  /** The lower triangle of the last two dimensions, on and below the main diagonal, as torch.tril. */
  public Tensor tril() {
    return Index.triangle(this, 0, false);
  }

  /** The elements on and below the k-th diagonal of the last two dimensions ({@code k < 0} below the main one), as torch.tril. */
  public Tensor tril(int diagonal) {
    return Index.triangle(this, diagonal, false);
  }

  public Tensor maskedFill(Tensor mask, float value) {
    return Index.maskedFill(this, mask, value);
  }

  /** a where cond is non-zero, else b (torch.where). */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    return Index.where(cond, a, b);
  }

  // ---- arithmetic ----

  public Tensor add(Tensor other) {
    return Arithmetic.add(this, other);
  }

  public Tensor add(float s) {
    return Arithmetic.add(this, scalarFor(s));
  }

  public Tensor sub(Tensor other) {
    return Arithmetic.sub(this, other);
  }

  public Tensor sub(float s) {
    return Arithmetic.sub(this, scalarFor(s));
  }

  /** s − this. */
  public Tensor rsub(float s) {
    return Arithmetic.sub(scalarFor(s), this);
  }

  public Tensor mul(Tensor other) {
    return Arithmetic.mul(this, other);
  }

  public Tensor mul(float s) {
    return Arithmetic.mul(this, scalarFor(s));
  }

  public Tensor div(Tensor other) {
    return Arithmetic.div(this, other);
  }

  public Tensor div(float s) {
    return Arithmetic.div(this, scalarFor(s));
  }

  public Tensor pow(Tensor exponent) {
    return Arithmetic.pow(this, exponent);
  }

  public Tensor pow(float exponent) {
    return Unary.pow(this, exponent);
  }

  public Tensor maximum(Tensor other) {
    return Arithmetic.maximum(this, other);
  }

  public Tensor minimum(Tensor other) {
    return Arithmetic.minimum(this, other);
  }

  public Tensor neg() {
    return Unary.neg(this);
  }

  public Tensor exp() {
    return Unary.exp(this);
  }

  public Tensor log() {
    return Unary.log(this);
  }

  public Tensor sqrt() {
    return Unary.sqrt(this);
  }

  public Tensor rsqrt() {
    return Unary.rsqrt(this);
  }

  public Tensor abs() {
    return Unary.abs(this);
  }

  public Tensor sign() {
    return Unary.sign(this);
  }

  public Tensor clamp(float min, float max) {
    return Unary.clamp(this, min, max);
  }

  public Tensor clampMin(float min) {
    return Unary.clamp(this, min, Float.POSITIVE_INFINITY);
  }

  public Tensor clampMax(float max) {
    return Unary.clamp(this, Float.NEGATIVE_INFINITY, max);
  }

  // ---- comparisons: FLOAT32 masks of 1 and 0, no gradient ----

  public Tensor eq(Tensor o) {
    return Arithmetic.compare(BinaryOp.EQ, this, o);
  }

  public Tensor eq(float s) {
    return eq(scalarFor(s));
  }

  public Tensor ne(Tensor o) {
    return Arithmetic.compare(BinaryOp.NE, this, o);
  }

  public Tensor ne(float s) {
    return ne(scalarFor(s));
  }

  public Tensor lt(Tensor o) {
    return Arithmetic.compare(BinaryOp.LT, this, o);
  }

  public Tensor lt(float s) {
    return lt(scalarFor(s));
  }

  public Tensor le(Tensor o) {
    return Arithmetic.compare(BinaryOp.LE, this, o);
  }

  public Tensor le(float s) {
    return le(scalarFor(s));
  }

  public Tensor gt(Tensor o) {
    return Arithmetic.compare(BinaryOp.GT, this, o);
  }

  public Tensor gt(float s) {
    return gt(scalarFor(s));
  }

  public Tensor ge(Tensor o) {
    return Arithmetic.compare(BinaryOp.GE, this, o);
  }

  public Tensor ge(float s) {
    return ge(scalarFor(s));
  }

  /** s as a 0-d tensor on this tensor's device, INT64 when this is INT64 and s is whole (integers stay integer). */
  private Tensor scalarFor(float s) {
    return dtype() == DType.INT64 && s == Math.rint(s) ? scalarLong(device(), (long) s) : scalar(device(), s);
  }

  // ---- reductions (no dims = all dims) ----

  public Tensor sum() {
    return Reduce.sum(this, new int[0], false);
  }

  public Tensor sum(int dim) {
    return sum(new int[] {dim}, false);
  }

  public Tensor sum(int[] dims, boolean keepdim) {
    return Reduce.sum(this, dims, keepdim);
  }

  public Tensor mean() {
    return Reduce.mean(this, new int[0], false);
  }

  public Tensor mean(int dim) {
    return mean(new int[] {dim}, false);
  }

  public Tensor mean(int[] dims, boolean keepdim) {
    return Reduce.mean(this, dims, keepdim);
  }

  /** Unbiased variance (correction 1) over all elements. */
  public Tensor var() {
    return Reduce.var(this, new int[0], 1, false);
  }

  public Tensor var(int[] dims, int correction, boolean keepdim) {
    return Reduce.var(this, dims, correction, keepdim);
  }

  public Tensor std() {
    return Reduce.std(this, new int[0], 1, false);
  }

  public Tensor std(int[] dims, int correction, boolean keepdim) {
    return Reduce.std(this, dims, correction, keepdim);
  }

  public Tensor max() {
    return Reduce.amax(this, new int[0], false);
  }

  /** Largest values along dim (torch.max(x, dim).values); argmax gives the indices. */
  public Tensor max(int dim, boolean keepdim) {
    return Reduce.amax(this, new int[] {dim}, keepdim);
  }

  public Tensor amax(int[] dims, boolean keepdim) {
    return Reduce.amax(this, dims, keepdim);
  }

  public Tensor min() {
    return Reduce.amin(this, new int[0], false);
  }

  public Tensor min(int dim, boolean keepdim) {
    return Reduce.amin(this, new int[] {dim}, keepdim);
  }

  public Tensor amin(int[] dims, boolean keepdim) {
    return Reduce.amin(this, dims, keepdim);
  }

  public Tensor argmax() {
    return Reduce.argmax(this);
  }

  public Tensor argmax(int dim, boolean keepdim) {
    return Reduce.argmax(this, dim, keepdim);
  }

  public Tensor argmin(int dim, boolean keepdim) {
    return Reduce.argmin(this, dim, keepdim);
  }

  public Tensor logsumexp(int[] dims, boolean keepdim) {
    return Reduce.logsumexp(this, dims, keepdim);
  }

  // ---- linear algebra and activations ----

  public Tensor matmul(Tensor other) {
    return MatMul.matmul(this, other);
  }

  public Tensor sigmoid() {
    return Unary.sigmoid(this);
  }

  public Tensor tanh() {
    return Unary.tanh(this);
  }

  public Tensor relu() {
    return Unary.relu(this);
  }

  public Tensor gelu() {
    return Unary.gelu(this);
  }

  public Tensor softmax(int dim) {
    return Reduce.softmax(this, dim);
  }

  public Tensor logSoftmax(int dim) {
    return Reduce.logSoftmax(this, dim);
  }

  // ---- autograd ----

  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** Marks a leaf tensor as a parameter whose gradient backward should compute; returns this. */
  public Tensor requiresGrad(boolean value) {
    if (value && !dtype().isFloatingPoint()) {
      throw new IllegalArgumentException("requiresGrad: only floating-point tensors can require gradients, got " + dtype()
          + " of shape " + shapeString());
    }
    if (gradFn != null && !value) {
      throw new IllegalStateException("requiresGrad: cannot turn off gradients of a non-leaf tensor; use detach()");
    }
    requiresGrad = value;
    return this;
  }

  /** The accumulated gradient of a leaf after backward, or null. */
  public Tensor grad() {
    return grad;
  }

  public void setGrad(Tensor g) {
    if (g != null && !Arrays.equals(g.shape, shape)) {
      throw new IllegalArgumentException("setGrad: gradient shape " + g.shapeString() + " differs from tensor shape "
          + shapeString());
    }
    grad = g;
  }

  /**
   * Calls hook with this leaf whenever a backward pass has accumulated the last of its gradient for
   * that pass (PyTorch's register_post_accumulate_grad_hook), so that data-parallel training can send
   * a gradient while backward still computes the others. Returns what removes the hook.
   */
  public HookHandle registerPostAccumulateGradHook(Consumer<Tensor> hook) {
    if (gradFn != null) {
      throw new IllegalStateException("registerPostAccumulateGradHook: only a leaf accumulates a gradient; this tensor of"
          + " shape " + shapeString() + " was produced by " + gradFn.op());
    }
    if (gradHooks == null) gradHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    gradHooks.add(java.util.Objects.requireNonNull(hook, "hook"));
    return () -> gradHooks.remove(hook);
  }

  /** The node that produced this tensor, or null for a leaf. */
  public Node gradFn() {
    return gradFn;
  }

  public boolean isLeaf() {
    return gradFn == null;
  }

  /** A view of the same data outside the graph. */
  public Tensor detach() {
    return new Tensor(storage, shape, strides, offset);
  }

  /** Backpropagates from this scalar, accumulating into the grad of every leaf that requires it. */
  public void backward() {
    Engine.backward(this, null, false);
  }

  public void backward(Tensor gradient) {
    Engine.backward(this, gradient, false);
  }

  public void backward(Tensor gradient, boolean retainGraph) {
    Engine.backward(this, gradient, retainGraph);
  }

  /** A contiguous copy outside the graph. */
  public Tensor contiguousCopy() {
    return Views.copyRaw(this);
  }

  /** A contiguous copy that stays in the graph, the gradient passing through (torch.clone). */
  public Tensor clone() {
    return Views.clone(this);
  }

  // ---- in place: for optimisers and initialisers, under NoGrad ----

  public Tensor add_(Tensor other) {
    return inPlace("add_", BinaryOp.ADD, other);
  }

  public Tensor sub_(Tensor other) {
    return inPlace("sub_", BinaryOp.SUB, other);
  }

  public Tensor mul_(Tensor other) {
    return inPlace("mul_", BinaryOp.MUL, other);
  }

  public Tensor mul_(float s) {
    return inPlace("mul_", BinaryOp.MUL, scalarFor(s));
  }

  public Tensor div_(Tensor other) {
    return inPlace("div_", BinaryOp.DIV, other);
  }

  // The three below make one temporary each; fusing them into single loops is a later speed goal.

  /** this += alpha · other, as torch's {@code add_(other, alpha=…)}. */
  public Tensor add_(Tensor other, float alpha) {
    checkInPlace("add_");
    return inPlace("add_", BinaryOp.ADD, alpha == 1f ? other : other.detach().mul(alpha));
  }

  /** this += value · t1 · t2 (torch.addcmul_). */
  public Tensor addcmul_(Tensor t1, Tensor t2, float value) {
    checkInPlace("addcmul_");
    Shape.broadcast("addcmul_", t1.shape, t2.shape);
    return inPlace("addcmul_", BinaryOp.ADD, t1.detach().mul(value).mul(t2.detach()));
  }

  /** this += value · t1 / t2 (torch.addcdiv_). */
  public Tensor addcdiv_(Tensor t1, Tensor t2, float value) {
    checkInPlace("addcdiv_");
    Shape.broadcast("addcdiv_", t1.shape, t2.shape);
    return inPlace("addcdiv_", BinaryOp.ADD, t1.detach().mul(value).div(t2.detach()));
  }

  public Tensor zero_() {
    return fill_(0);
  }

  public Tensor fill_(float value) {
    checkInPlace("fill_");
    backend().fill(this, value);
    storage.bumpVersion();
    return this;
  }

  /** Copies src (broadcast to this shape) into this view. */
  public Tensor copy_(Tensor src) {
    checkInPlace("copy_");
    Shape.broadcast("copy_", src.shape, shape);
    Tensor here = src.device().equals(device()) ? src : src.detach().to(device());
    backend().copyInto(this, Views.expandRaw(here, broadcastTarget("copy_", src)));
    storage.bumpVersion();
    return this;
  }

  private Tensor inPlace(String op, BinaryOp kind, Tensor other) {
    checkInPlace(op);
    if (dtype() == DType.INT64 && other.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(op + ": result of " + other.dtype() + " " + other.shapeString()
          + " cannot be stored in int64 tensor " + shapeString());
    }
    Tensor src = Devices.onDevice(op, other, this);
    src = src.dtype() == dtype() ? src : src.to(dtype());
    backend().binaryInPlace(kind, this, Views.expandRaw(src, broadcastTarget(op, src)));
    storage.bumpVersion();
    return this;
  }

  private int[] broadcastTarget(String op, Tensor src) {
    int[] b = Shape.broadcast(op, shape, src.shape);
    if (!Arrays.equals(b, shape)) {
      throw new IllegalArgumentException(op + ": shape " + src.shapeString() + " does not broadcast to the"
          + " in-place target's shape " + shapeString());
    }
    return shape;
  }

  private void checkInPlace(String op) {
    // In-place ops are not recorded in the graph, so on a tensor in the graph they would give wrong gradients.
    if (NoGrad.isGradEnabled() && requiresGrad) {
      throw new IllegalStateException(op + ": a tensor of shape " + shapeString() + " that requires grad"
          + (gradFn == null ? " (a leaf)" : " (made by " + gradFn.op() + ")")
          + " cannot be changed in place outside a NoGrad scope");
    }
  }

  @Override
  public String toString() {
    return TensorFormat.format(this);
  }
}
