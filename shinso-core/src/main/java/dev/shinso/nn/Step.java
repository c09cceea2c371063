package dev.shinso.nn;

import dev.shinso.tensor.Tensor;

/**
 * The Heaviside step, 1 where x > 0 and 0 elsewhere: the activation of the perceptron. Its
 * derivative is zero almost everywhere (and undefined at 0), so backward passes zero gradients and
 * gradient descent cannot train the layers below it; that is the lecture's point, and why smooth
 * activations (sigmoid, tanh, ReLU) replaced it.
 */
public class Step extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.step(input);
  }
}
