package dev.shinso.autograd;

import dev.shinso.tensor.Storage;
import dev.shinso.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The backward pass: nodes in reverse topological order, gradients summed per node and per leaf. */
public final class Engine {
  private Engine() {}

  public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
    if (!root.requiresGrad()) {
      throw new IllegalStateException("backward: the tensor of shape " + root.shapeString()
          + " does not require grad and has no grad_fn");
    }
    boolean implied = gradient == null;
    if (implied) {
      if (root.numel() != 1) {
        throw new IllegalArgumentException("backward: gradient can be implied only for a scalar output, but the"
            + " output has shape " + root.shapeString() + "; pass a gradient of that shape");
      }
      gradient = Tensor.onesLike(root);
    } else if (!gradient.shape().equals(root.shape())) {
      throw new IllegalArgumentException("backward: gradient shape " + gradient.shapeString()
          + " does not match output shape " + root.shapeString());
    }
    try (NoGrad g = NoGrad.enter()) {
      if (root.gradFn() == null) {
        accumulateLeaf(root, new Gradient(gradient, implied));
        GradHooks.fire(root);
        return;
      }
      List<Node> order = topologicalOrder(root.gradFn());
      GradHooks hooks = GradHooks.of(order);
      Map<Node, Gradient> pending = new IdentityHashMap<>();
      pending.put(root.gradFn(), new Gradient(gradient, implied));
      for (Node node : order) {
        Gradient grad = pending.remove(node);
        if (grad == null) {
          if (hooks != null) hooks.done(node);
          continue;
        }
        Tensor[] inputs = node.inputs();
        Tensor[] grads = node.runBackward(grad.tensor(), grad.owned() && grad.tensor().isContiguous());
        for (int i = 0; i < inputs.length; i++) {
          Tensor input = inputs[i];
          if (input == null || grads[i] == null || !input.requiresGrad()) continue;
          Tensor gi = grads[i];
          // A gradient has its input's dtype, as in PyTorch (an op that promoted float32 to float64 gives float64).
          if (gi.dtype() != input.dtype() && input.dtype().isFloatingPoint()) gi = gi.to(input.dtype());
          if (Anomaly.isEnabled()) Anomaly.check(gi, "the gradient " + node.op() + " backward produced for its input " + i);
          if (!gi.shape().equals(input.shape())) {
            throw new IllegalStateException(node.op() + " backward produced a gradient of shape " + gi.shapeString()
                + " for an input of shape " + input.shapeString());
          }
          Gradient out = new Gradient(gi, isOwned(gi, i, grads, grad, node));
          Node producer = input.gradFn();
          if (producer == null) {
            accumulateLeaf(input, out);
            if (hooks != null) hooks.accumulated(input);
          } else {
            pending.merge(producer, out, (a, b) -> new Gradient(a.tensor().add(b.tensor()), true));
          }
        }
        if (hooks != null) hooks.done(node);
        if (!retainGraph) node.release();
      }
    }
  }

  /**
   * A gradient on its way down the graph. Owned: its storage is referenced by nothing but this
   * gradient's chain (it was computed during this backward pass and handed to no one else), so a
   * leaf may keep it as its .grad instead of a copy, as PyTorch's AccumulateGrad steals a gradient
   * nothing else holds (for an MLP step the copy this saves is the size of the model), and a
   * {@link Node.ReusingBackward} may write its result over it when it is laid out densely.
   */
  private record Gradient(Tensor tensor, boolean owned) {}

  /** A leaf keeps its first gradient itself when owned and laid out as a plain tensor, else a copy. */
  private static void accumulateLeaf(Tensor leaf, Gradient grad) {
    Tensor old = leaf.grad(), t = grad.tensor();
    boolean keep = grad.owned() && t.isContiguous() && t.offset() == 0 && t.storage().size() == t.numel();
    leaf.setGrad(old != null ? old.add(t) : keep ? t : t.contiguousCopy());
  }

  /**
   * Whether gradient i of a node's backward is owned (see Gradient). A backward's results derive from
   * the gradient it was given, so each is either computed afresh or a view of that gradient (a
   * pass-through, a reshape): a view is owned when the given gradient was; a fresh one when the
   * backward did not return a tensor it read. Either way no other of the node's gradients may share it.
   */
  private static boolean isOwned(Tensor gi, int i, Tensor[] grads, Gradient given, Node node) {
    Storage s = gi.storage();
    for (int j = 0; j < grads.length; j++) {
      if (j != i && grads[j] != null && grads[j].storage() == s) return false;
    }
    return s == given.tensor().storage() ? given.owned() : !node.reads(s);
  }

  /** Nodes ordered so that every node comes before the nodes it depends on (iterative DFS: graphs can be deep). */
  private static List<Node> topologicalOrder(Node root) {
    List<Node> postOrder = new ArrayList<>();
    Set<Node> visited = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {root, 0});
    visited.add(root);
    while (!stack.isEmpty()) {
      Object[] frame = stack.peek();
      Node node = (Node) frame[0];
      int next = (Integer) frame[1];
      Tensor[] inputs = node.inputs();
      if (next < inputs.length) {
        frame[1] = next + 1;
        Tensor in = inputs[next];
        Node child = in == null ? null : in.gradFn();
        if (child != null && visited.add(child)) stack.push(new Object[] {child, 0});
      } else {
        stack.pop();
        postOrder.add(node);
      }
    }
    java.util.Collections.reverse(postOrder);
    return postOrder;
  }
}
