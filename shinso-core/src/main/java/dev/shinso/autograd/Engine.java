package dev.shinso.autograd;

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
    if (gradient == null) {
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
        accumulateLeaf(root, gradient);
        return;
      }
      List<Node> order = topologicalOrder(root.gradFn());
      Map<Node, Tensor> pending = new IdentityHashMap<>();
      pending.put(root.gradFn(), gradient);
      for (Node node : order) {
        Tensor grad = pending.remove(node);
        if (grad == null) continue;
        Tensor[] inputs = node.inputs();
        Tensor[] grads = node.runBackward(grad);
        for (int i = 0; i < inputs.length; i++) {
          Tensor input = inputs[i];
          if (input == null || grads[i] == null || !input.requiresGrad()) continue;
          Tensor gi = grads[i];
          if (Anomaly.isEnabled()) Anomaly.check(gi, "the gradient " + node.op() + " backward produced for its input " + i);
          if (!gi.shape().equals(input.shape())) {
            throw new IllegalStateException(node.op() + " backward produced a gradient of shape " + gi.shapeString()
                + " for an input of shape " + input.shapeString());
          }
          Node producer = input.gradFn();
          if (producer == null) {
            accumulateLeaf(input, gi);
          } else {
            pending.merge(producer, gi, Tensor::add);
          }
        }
        if (!retainGraph) node.release();
      }
    }
  }

  private static void accumulateLeaf(Tensor leaf, Tensor grad) {
    Tensor old = leaf.grad();
    leaf.setGrad(old == null ? grad.contiguousCopy() : old.add(grad));
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
