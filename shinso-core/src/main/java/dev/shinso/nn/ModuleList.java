package dev.shinso.nn;

import dev.shinso.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A list of sub-modules keyed "0", "1", … so that their parameters are found and saved; the owning
 * module decides how to call them. It has no forward of its own.
 */
public class ModuleList extends Module implements Iterable<Module> {
  private final List<Module> modules = new ArrayList<>();

  public ModuleList(Module... modules) {
    for (Module m : modules) add(m);
  }

  public ModuleList add(Module module) {
    Objects.requireNonNull(module, "ModuleList.add: module");
    registerModule(Integer.toString(modules.size()), module);
    modules.add(module);
    return this;
  }

  public Module get(int index) {
    if (index < 0 || index >= modules.size()) {
      throw new IndexOutOfBoundsException("ModuleList.get: index " + index + " out of range for " + modules.size()
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

  /** Always throws: a ModuleList is a container; call its modules from the owning module's forward. */
  @Override
  public Tensor forward(Tensor input) {
    throw new IllegalStateException("ModuleList has no forward: it is a container of " + modules.size()
        + " modules; call them from the owning module's forward (or use Sequential to chain them)");
  }
}
