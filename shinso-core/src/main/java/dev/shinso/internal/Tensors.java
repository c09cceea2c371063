package dev.shinso.internal;

import dev.shinso.autograd.Node;
import dev.shinso.tensor.Storage;
import dev.shinso.tensor.Tensor;
import java.util.List;
import java.util.function.Consumer;

/**
 * What backends and autograd do to a tensor that users must not: wrap raw storage and attach a
 * graph node. This package is not exported by the module (only to shinso-cuda, a backend), so on
 * the module path these are not API; {@link Tensor} hands over its private access here when it is
 * initialised, as the JDK's SharedSecrets do.
 */
public final class Tensors {
  /** Implemented by Tensor, which alone can reach its private constructor and fields. */
  public interface Access {
    Tensor ofStorage(Storage storage, int[] shape, int[] strides, int offset);

    void setGradFn(Tensor t, Node node);

    List<Consumer<Tensor>> postAccumulateGradHooks(Tensor t);
  }

  private static volatile Access access;

  private Tensors() {}

  /** Called once, from Tensor's static initializer. */
  public static void install(Access a) {
    if (access != null) throw new IllegalStateException("Tensors: access is already installed");
    access = a;
  }

  /** A view over existing storage, with no graph. */
  public static Tensor ofStorage(Storage storage, int[] shape, int[] strides, int offset) {
    return access().ofStorage(storage, shape, strides, offset);
  }

  /** Makes node the producer of t (t then requires grad). */
  public static void setGradFn(Tensor t, Node node) {
    access().setGradFn(t, node);
  }

  /** The hooks {@link Tensor#registerPostAccumulateGradHook} registered on t (empty when none). */
  public static List<Consumer<Tensor>> postAccumulateGradHooks(Tensor t) {
    return access().postAccumulateGradHooks(t);
  }

  private static Access access() {
    Access a = access;
    if (a != null) return a;
    try { // a backend may wrap storage before anything touched Tensor's statics
      Class.forName(Tensor.class.getName(), true, Tensor.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    return access;
  }
}
