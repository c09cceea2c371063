package dev.shinso.autograd;

import dev.shinso.internal.Tensors;
import dev.shinso.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The post-accumulate hooks of one backward pass. A leaf's gradient is final once every node of the
 * graph that takes the leaf as an input has run (or been skipped for want of a gradient), so each
 * hooked leaf counts its remaining edges; the hooks fire when the count reaches zero, if the leaf got
 * a gradient in this pass.
 */
final class GradHooks {
  private final Map<Tensor, int[]> remaining = new IdentityHashMap<>();
  private final Set<Tensor> accumulated = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  private GradHooks() {}

  /** The bookkeeping for a graph's nodes, or null when no leaf of it has a hook (the usual case: nothing to do). */
  static GradHooks of(List<Node> nodes) {
    GradHooks h = null;
    for (Node node : nodes) {
      for (Tensor in : node.inputs()) {
        if (!isHooked(in)) continue;
        if (h == null) h = new GradHooks();
        h.remaining.computeIfAbsent(in, k -> new int[1])[0]++;
      }
    }
    return h;
  }

  /** Fires a leaf's hooks at once: the leaf was the root of the backward pass. */
  static void fire(Tensor leaf) {
    if (isHooked(leaf)) run(leaf);
  }

  void accumulated(Tensor leaf) {
    if (remaining.containsKey(leaf)) accumulated.add(leaf);
  }

  /** Called after each node of the pass, processed or skipped, before it releases its inputs. */
  void done(Node node) {
    for (Tensor in : node.inputs()) {
      int[] left = in == null ? null : remaining.get(in);
      if (left != null && --left[0] == 0 && accumulated.contains(in)) run(in);
    }
  }

  private static boolean isHooked(Tensor t) {
    return t != null && t.gradFn() == null && t.requiresGrad() && !Tensors.postAccumulateGradHooks(t).isEmpty();
  }

  private static void run(Tensor leaf) {
    for (Consumer<Tensor> hook : Tensors.postAccumulateGradHooks(leaf)) hook.accept(leaf);
  }
}
