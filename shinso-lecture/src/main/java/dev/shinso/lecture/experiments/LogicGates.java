package dev.shinso.lecture.experiments;

import dev.shinso.lecture.Figure.Series;
import dev.shinso.ops.Unary;
import dev.shinso.tensor.Tensor;
import java.util.List;

/**
 * The four inputs of a two-input logic gate, the targets of AND, OR, NAND and XOR, and the
 * McCulloch–Pitts neuron H(w·x + b) evaluated on them with shinso tensors; shared by the neuron,
 * perceptron and backprop-XOR experiments.
 */
final class LogicGates {
  /** Rows (x₁, x₂) in truth-table order: (0,0), (0,1), (1,0), (1,1). */
  static final float[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};

  /** A gate by name and its truth table over {@link #INPUTS}. */
  enum Gate {
    AND(0, 0, 0, 1), OR(0, 1, 1, 1), NAND(1, 1, 1, 0), XOR(0, 1, 1, 0);

    private final float[] targets;

    Gate(float... targets) {
      this.targets = targets;
    }

    float[] targets() {
      return targets.clone();
    }

    /** The targets as a [4, 1] tensor. */
    Tensor targetTensor() {
      return Tensor.of(targets(), 4, 1);
    }
  }

  private LogicGates() {}

  /** The inputs as a [4, 2] tensor. */
  static Tensor inputs() {
    return Tensor.of(INPUTS);
  }

  /** H(X·w + b) on every row of x [n, 2]: a [n] tensor of 0s and 1s (H(0) = 0, as Unary.step). */
  static Tensor neuron(Tensor x, double w1, double w2, double b) {
    Tensor w = Tensor.of(new float[] {(float) w1, (float) w2}, 2, 1);
    return Unary.step(x.matmul(w).add((float) b)).reshape(-1);
  }

  /** The neuron's outputs on the four inputs. */
  static float[] outputs(double w1, double w2, double b) {
    return neuron(inputs(), w1, w2, b).toFloatArray();
  }

  /** The fraction of the four inputs on which outputs equal the gate's targets. */
  static double accuracy(float[] outputs, Gate gate) {
    float[] t = gate.targets;
    int right = 0;
    for (int i = 0; i < t.length; i++) if (outputs[i] == t[i]) right++;
    return right / (double) t.length;
  }

  /** A point cloud from (x, y) pairs, e.g. the inputs a neuron maps to 1. */
  static Series points(String name, List<double[]> pts) {
    double[] x = new double[pts.size()], y = new double[pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      x[i] = pts.get(i)[0];
      y[i] = pts.get(i)[1];
    }
    return Series.points(name, x, y);
  }
}
