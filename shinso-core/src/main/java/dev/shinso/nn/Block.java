package dev.shinso.nn;

import dev.shinso.autograd.NoGrad;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every layer and model, as torch.nn.Module without forward: parameters, buffers,
 * sub-blocks, training mode, device and state dict. Each subclass declares the forward its inputs
 * need, type-checked: {@link Module} takes one tensor (most layers, and what {@link Sequential}
 * chains), a diffusion U-Net takes the image, the timesteps and the labels. Parameters and
 * sub-blocks are found from the fields of type {@link Parameter} and {@code Block}, in declaration
 * order (superclass fields first), or registered explicitly; buffers (such as BatchNorm's running
 * statistics) are registered explicitly. State-dict keys are PyTorch's dotted paths, e.g.
 * {@code features.0.weight}.
 */
public abstract class Block {
  private final Map<String, Parameter> registeredParameters = new LinkedHashMap<>();
  private final Map<String, Tensor> registeredBuffers = new LinkedHashMap<>();
  private final Map<String, Block> registeredModules = new LinkedHashMap<>();
  private boolean training = true;

  /** Registers (or replaces) a parameter under name; null registers nothing (a layer without bias). */
  protected final <P extends Parameter> P registerParameter(String name, P parameter) {
    if (parameter == null) registeredParameters.remove(name);
    else registeredParameters.put(name, parameter);
    return parameter;
  }

  /** Registers a tensor that is part of the state but not trained; it is updated in place. */
  protected final Tensor registerBuffer(String name, Tensor buffer) {
    registeredBuffers.put(name, buffer);
    return buffer;
  }

  protected final <M extends Block> M registerModule(String name, M module) {
    registeredModules.put(name, module);
    return module;
  }

  /** This module's own parameters: fields first, then registered ones. */
  private Map<String, Parameter> ownParameters() {
    Map<String, Parameter> own = new LinkedHashMap<>();
    for (Field f : fields()) {
      if (Parameter.class.isAssignableFrom(f.getType())) {
        Parameter p = (Parameter) read(f);
        if (p != null) own.put(f.getName(), p);
      }
    }
    own.putAll(registeredParameters);
    return own;
  }

  /** Direct sub-modules by name: fields first, then registered ones. */
  public final Map<String, Block> namedChildren() {
    Map<String, Block> children = new LinkedHashMap<>();
    for (Field f : fields()) {
      if (Block.class.isAssignableFrom(f.getType())) {
        Block m = (Block) read(f);
        if (m != null) children.put(f.getName(), m);
      }
    }
    children.putAll(registeredModules);
    return children;
  }

  public final List<Block> children() {
    return new ArrayList<>(namedChildren().values());
  }

  /** Every parameter of this module and its descendants, by dotted name; a parameter shared twice appears once. */
  public final Map<String, Parameter> namedParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    java.util.Set<Parameter> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    collectParameters("", out, seen);
    return out;
  }

  private void collectParameters(String prefix, Map<String, Parameter> out, java.util.Set<Parameter> seen) {
    ownParameters().forEach((name, p) -> {
      if (seen.add(p)) out.put(prefix + name, p);
    });
    namedChildren().forEach((name, m) -> m.collectParameters(prefix + name + ".", out, seen));
  }

  /**
   * The device of the module's first parameter (or buffer), which is where its forward expects its
   * inputs; the CPU for a module with neither.
   */
  public final Device device() {
    for (Parameter p : parameters()) return p.device();
    for (Tensor b : namedBuffers().values()) return b.device();
    return Device.CPU;
  }

  public final List<Parameter> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  public final Map<String, Tensor> namedBuffers() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collectBuffers("", out);
    return out;
  }

  private void collectBuffers(String prefix, Map<String, Tensor> out) {
    registeredBuffers.forEach((name, b) -> out.put(prefix + name, b));
    namedChildren().forEach((name, m) -> m.collectBuffers(prefix + name + ".", out));
  }

  /** Number of trainable elements. */
  public final long parameterCount() {
    long n = 0;
    for (Parameter p : parameters()) n += p.numel();
    return n;
  }

  public final boolean isTraining() {
    return training;
  }

  /** Training mode: dropout drops, batch norm uses and updates batch statistics. */
  public Block train() {
    return setTraining(true);
  }

  /** Evaluation mode: dropout is the identity, batch norm uses its running statistics. */
  public Block eval() {
    return setTraining(false);
  }

  private Block setTraining(boolean mode) {
    training = mode;
    for (Block m : children()) m.setTraining(mode);
    return this;
  }

  /**
   * Moves every parameter (with its gradient) and buffer to device, in place, as torch's
   * {@code module.to(device)}: the tensors keep their identity, so an optimiser built on them goes
   * on working, and it moves its state along at its next step. Returns this.
   */
  public Block to(Device device) {
    try (NoGrad g = NoGrad.enter()) {
      for (Parameter p : parameters()) moveTo(p, device);
      for (Tensor b : namedBuffers().values()) moveTo(b, device);
    }
    return this;
  }

  /**
   * Converts every floating-point parameter and buffer to dtype in place, as PyTorch's
   * {@code module.to(torch.float64)} / {@code module.double()}; integer buffers (counters) keep theirs.
   */
  public Block to(DType dtype) {
    if (!dtype.isFloatingPoint()) throw new IllegalArgumentException("to: a module's dtype must be floating point, got " + dtype);
    try (NoGrad g = NoGrad.enter()) {
      for (Parameter p : parameters()) convert(p, dtype);
      for (Tensor b : namedBuffers().values()) if (b.dtype().isFloatingPoint()) convert(b, dtype);
    }
    return this;
  }

  private static void convert(Tensor t, DType dtype) {
    if (t.dtype() == dtype) return;
    Tensor grad = t.grad();
    t.setData(t.detach().to(dtype));
    if (grad != null) t.setGrad(grad.to(dtype));
  }

  private static void moveTo(Tensor t, Device device) {
    if (t.device().equals(device)) return;
    Tensor grad = t.grad();
    t.setData(t.detach().to(device));
    if (grad != null) t.setGrad(grad.to(device));
  }

  /** Forgets every parameter's gradient (as PyTorch's zero_grad(set_to_none=True)). */
  public final void zeroGrad() {
    for (Parameter p : parameters()) p.setGrad(null);
  }

  /** Parameters and buffers by dotted key, sharing storage with the module. */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> state = new LinkedHashMap<>();
    collectState("", state);
    return state;
  }

  private void collectState(String prefix, Map<String, Tensor> out) {
    ownParameters().forEach((name, p) -> out.put(prefix + name, p.detach()));
    registeredBuffers.forEach((name, b) -> out.put(prefix + name, b.detach()));
    namedChildren().forEach((name, m) -> m.collectState(prefix + name + ".", out));
  }

  /** {@link #loadStateDict(Map, boolean)} with strict = true, PyTorch's default: every key must match. */
  public final void loadStateDict(Map<String, Tensor> state) {
    loadStateDict(state, true);
  }

  /**
   * Copies the values of state into this module's parameters and buffers. With strict, every key
   * must match; otherwise missing and unexpected keys are skipped. A shape mismatch is always an
   * error. The message lists all missing, unexpected and mis-shaped keys at once.
   */
  public final void loadStateDict(Map<String, Tensor> state, boolean strict) {
    Map<String, Tensor> own = stateDict();
    List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), misShaped = new ArrayList<>();
    for (var e : own.entrySet()) {
      Tensor given = state.get(e.getKey());
      if (given == null) missing.add(e.getKey());
      else if (!given.shape().equals(e.getValue().shape())) {
        misShaped.add(e.getKey() + " (checkpoint " + given.shapeString() + ", model " + e.getValue().shapeString() + ")");
      }
    }
    for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
    if (!misShaped.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
      StringBuilder sb = new StringBuilder("loadStateDict: the state does not fit " + getClass().getSimpleName());
      if (!missing.isEmpty()) sb.append("; missing keys: ").append(missing);
      if (!unexpected.isEmpty()) sb.append("; unexpected keys: ").append(unexpected);
      if (!misShaped.isEmpty()) sb.append("; mis-shaped keys: ").append(misShaped);
      throw new IllegalArgumentException(sb.toString());
    }
    try (NoGrad g = NoGrad.enter()) {
      for (var e : own.entrySet()) {
        Tensor given = state.get(e.getKey());
        if (given != null) e.getValue().copy_(given);
      }
    }
  }

  /** The module tree as PyTorch prints it. */
  @Override
  public String toString() {
    // As PyTorch's Module.__repr__: one-line settings stay inline; otherwise each setting line and
    // each child goes on its own line, indented by two.
    String extra = extraRepr();
    List<String> lines = new ArrayList<>(extra.isEmpty() ? List.of() : List.of(extra.split("\n")));
    Map<String, Block> children = namedChildren();
    children.forEach((name, m) -> lines.add("(" + name + "): " + m.toString().replace("\n", "\n  ")));
    String head = getClass().getSimpleName() + "(";
    if (lines.isEmpty()) return head + ")";
    if (children.isEmpty() && lines.size() == 1) return head + lines.get(0) + ")";
    return head + "\n  " + String.join("\n  ", lines) + "\n)";
  }

  /** The settings shown inside the parentheses, e.g. {@code in_features=784, out_features=10, bias=True}. */
  protected String extraRepr() {
    return "";
  }

  private List<Field> fields() {
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> c = getClass(); c != Block.class && c != null; c = c.getSuperclass()) chain.add(0, c);
    List<Field> out = new ArrayList<>();
    for (Class<?> c : chain) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
        Class<?> type = f.getType();
        if (Parameter.class.isAssignableFrom(type) || Block.class.isAssignableFrom(type)) out.add(f);
        else if (Iterable.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) || type.isArray()) {
          rejectUnregistered(f);
        }
      }
    }
    return out;
  }

  /**
   * Modules or parameters in a plain List, Map or array field would be skipped without a word, so
   * their weights would never train nor be saved (PyTorch's best-known pitfall): that is an error,
   * unless they are registered too (as containers such as Sequential do).
   */
  private void rejectUnregistered(Field f) {
    Object value = read(f);
    Iterable<?> items = value instanceof Map<?, ?> m ? m.values()
        : value instanceof Object[] a ? java.util.Arrays.asList(a)
        : value instanceof Iterable<?> it ? it : List.of();
    for (Object item : items) {
      boolean registered = registeredModules.containsValue(item) || registeredParameters.containsValue(item);
      if ((item instanceof Block || item instanceof Parameter) && !registered) {
        throw new IllegalStateException(getClass().getSimpleName() + "." + f.getName() + " holds "
            + (item instanceof Block ? "modules" : "parameters") + " in a " + f.getType().getSimpleName()
            + ", which registers nothing: they would never train nor be saved. Use a ModuleList, or register each "
            + "with registerModule/registerParameter.");
      }
    }
  }

  private Object read(Field f) {
    try {
      f.setAccessible(true);
      return f.get(this);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read field " + f.getName() + " of " + getClass().getName()
          + " (open its package to dev.shinso if it is in a named module)", e);
    }
  }
}
