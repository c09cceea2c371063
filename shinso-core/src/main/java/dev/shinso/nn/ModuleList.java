package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * A list of sub-modules keyed "0", "1", … so that their parameters are found and saved; the owning
 * module decides how to call them. It has no forward of its own.
 */
public class ModuleList extends ModuleSequence {
  public ModuleList(Module... modules) {
    super("ModuleList");
    for (Module m : modules) add(m);
  }

  public ModuleList add(Module module) {
    append(module);
    return this;
  }

  /** Always throws: a ModuleList is a container; call its modules from the owning module's forward. */
  @Override
  public Tensor forward(Tensor input) {
    throw new IllegalStateException("ModuleList has no forward: it is a container of " + size()
        + " modules; call them from the owning module's forward (or use Sequential to chain them)");
  }
}
