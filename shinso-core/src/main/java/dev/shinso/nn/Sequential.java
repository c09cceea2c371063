package dev.shinso.nn;

import dev.shinso.tensor.Tensor;
import java.util.List;

/** Modules applied one after another; they are its children "0", "1", …, so state-dict keys read {@code 0.weight}. */
public class Sequential extends ModuleSequence {
  public Sequential(Module... modules) {
    super("Sequential");
    for (Module m : modules) add(m);
  }

  /** Appends a module as the next child; returns this. */
  public Sequential add(Module module) {
    append(module);
    return this;
  }

  /**
   * The modules in order; a Conv2d followed by a ReLU (those classes exactly, not subclasses that
   * might change forward) runs as one op, with the same result: the convolution's output, which
   * nothing outside this loop can see, is then never written out and read back.
   */
  @Override
  public Tensor forward(Tensor input) {
    List<Module> modules = modules();
    Tensor x = input;
    for (int i = 0; i < modules.size(); i++) {
      Module m = modules.get(i);
      if (m.getClass() == Conv2d.class && i + 1 < modules.size() && modules.get(i + 1).getClass() == ReLU.class) {
        x = ((Conv2d) m).forwardRelu(x);
        i++;
      } else {
        x = m.forward(x);
      }
    }
    return x;
  }
}
