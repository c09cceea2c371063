package dev.shinso.nn;

import dev.shinso.tensor.Tensor;
import java.util.Iterator;
import java.util.List;

/** Modules applied one after another; they are its children "0", "1", …, so state-dict keys read {@code 0.weight}. */
public class Sequential extends Module implements Iterable<Module> {
  private final OrderedChildren<Module> items = new OrderedChildren<>("Sequential", this::registerModule);
  private boolean fuseConvRelu;

  public Sequential(Module... modules) {
    for (Module m : modules) add(m);
  }

  /** Appends a module as the next child; returns this. */
  public Sequential add(Module module) {
    items.add(module);
    return this;
  }

  public Module get(int index) {
    return items.get(index);
  }

  public int size() {
    return items.size();
  }

  /** A snapshot: adding while iterating is safe. */
  @Override
  public Iterator<Module> iterator() {
    return items.iterator();
  }

  /**
   * From now on, runs each Conv2d directly followed by a ReLU as one op (an explicit choice, as
   * PyTorch's fuse_modules): the same result and gradients, but the convolution's output, which
   * nothing outside this loop can see, is never written out and read back. Only those classes
   * exactly are fused, not subclasses, since a subclass may change forward. The modules, their
   * state-dict keys and the printed form stay as they are. Returns this.
   */
  public Sequential fuseConvRelu() {
    fuseConvRelu = true;
    return this;
  }

  /** The modules in order (with {@link #fuseConvRelu()}, a Conv2d and the ReLU after it as one op). */
  @Override
  public Tensor forward(Tensor input) {
    List<Module> modules = items.view();
    Tensor x = input;
    for (int i = 0; i < modules.size(); i++) {
      Module m = modules.get(i);
      if (fuseConvRelu && m.getClass() == Conv2d.class && i + 1 < modules.size()
          && modules.get(i + 1).getClass() == ReLU.class) {
        x = ((Conv2d) m).forwardRelu(x);
        i++;
      } else {
        x = m.forward(x);
      }
    }
    return x;
  }
}
