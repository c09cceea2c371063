package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

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

  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    for (Module m : modules()) x = m.forward(x);
    return x;
  }
}
