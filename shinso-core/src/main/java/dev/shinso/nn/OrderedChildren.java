package dev.shinso.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * What {@link Sequential} and {@link ModuleList} share: children kept in order and registered as
 * "0", "1", …, so that state-dict keys read {@code 0.weight} as in PyTorch.
 */
final class OrderedChildren<M extends Block> implements Iterable<M> {
  private final String kind;
  private final BiConsumer<String, Block> register;
  private final List<M> items = new ArrayList<>();

  /** kind: the owner's class name, which the error messages give; register: the owner's registerModule. */
  OrderedChildren(String kind, BiConsumer<String, Block> register) {
    this.kind = kind;
    this.register = register;
  }

  void add(M module) {
    Objects.requireNonNull(module, kind + ".add: module");
    register.accept(Integer.toString(items.size()), module);
    items.add(module);
  }

  M get(int index) {
    if (index < 0 || index >= items.size()) {
      throw new IndexOutOfBoundsException(kind + ".get: index " + index + " out of range for " + items.size()
          + " modules");
    }
    return items.get(index);
  }

  int size() {
    return items.size();
  }

  /** A snapshot: adding while iterating is safe. */
  @Override
  public Iterator<M> iterator() {
    return List.copyOf(items).iterator();
  }

  /** Read-only, without the copy that {@link #iterator()} makes. */
  List<M> view() {
    return Collections.unmodifiableList(items);
  }
}
