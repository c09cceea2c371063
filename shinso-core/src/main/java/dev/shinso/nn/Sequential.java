package dev.shinso.nn;

import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/** Modules applied one after another; they are its children "0", "1", …, so state-dict keys read {@code 0.weight}. */
public class Sequential extends Module implements Iterable<Module> {
  private final List<Module> modules = new ArrayList<>();

  public Sequential(Module... modules) {
    for (Module m : modules) add(m);
  }

  /** Appends a module as the next child; returns this. */
  public Sequential add(Module module) {
    Objects.requireNonNull(module, "Sequential.add: module");
    registerModule(Integer.toString(modules.size()), module);
    modules.add(module);
    return this;
  }

  public Module get(int index) {
    if (index < 0 || index >= modules.size()) {
      throw new IndexOutOfBoundsException("Sequential.get: index " + index + " out of range for " + modules.size()
          + " modules");
    }
    return modules.get(index);
  }

  public int size() {
    return modules.size();
  }

  @Override
  public Iterator<Module> iterator() {
    return List.copyOf(modules).iterator();
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    for (Module m : modules) x = m.forward(x);
    return x;
  }
}
