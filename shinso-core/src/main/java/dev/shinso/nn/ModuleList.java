package dev.shinso.nn;

import java.util.Iterator;

/**
 * A list of sub-blocks keyed "0", "1", … so that their parameters are found and saved; the owner
 * decides how to call them, so a ModuleList has no forward (M: the blocks' type, which
 * {@link #get} returns without a cast, e.g. {@code ModuleList<ResBlock>}).
 */
public class ModuleList<M extends Block> extends Block implements Iterable<M> {
  private final OrderedChildren<M> items = new OrderedChildren<>("ModuleList", this::registerModule);

  @SafeVarargs
  public ModuleList(M... modules) {
    for (M m : modules) add(m);
  }

  public ModuleList<M> add(M module) {
    items.add(module);
    return this;
  }

  public M get(int index) {
    return items.get(index);
  }

  public int size() {
    return items.size();
  }

  /** A snapshot: adding while iterating is safe. */
  @Override
  public Iterator<M> iterator() {
    return items.iterator();
  }
}
