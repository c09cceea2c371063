package dev.shinso.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Sequential} and {@link ModuleList} share: children kept in order and registered as "0",
 * "1", …, so that state-dict keys read {@code 0.weight} as in PyTorch. The subclasses differ only in
 * what {@code forward} does with them.
 */
abstract class ModuleSequence extends Module implements Iterable<Module> {
  private final String kind;
  private final List<Module> modules = new ArrayList<>();

  /** kind: the public class's name, which the error messages give. */
  ModuleSequence(String kind) {
    this.kind = kind;
  }

  /** Registers module as the next child; the subclasses' {@code add} call this and return themselves. */
  final void append(Module module) {
    Objects.requireNonNull(module, kind + ".add: module");
    registerModule(Integer.toString(modules.size()), module);
    modules.add(module);
  }

  public Module get(int index) {
    if (index < 0 || index >= modules.size()) {
      throw new IndexOutOfBoundsException(kind + ".get: index " + index + " out of range for " + modules.size()
          + " modules");
    }
    return modules.get(index);
  }

  public int size() {
    return modules.size();
  }

  /** A snapshot: adding while iterating is safe. */
  @Override
  public Iterator<Module> iterator() {
    return List.copyOf(modules).iterator();
  }

  /** The children in order, read-only and without the copy that {@link #iterator()} makes. */
  final List<Module> modules() {
    return Collections.unmodifiableList(modules);
  }
}
