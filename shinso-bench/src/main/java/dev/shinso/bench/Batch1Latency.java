package dev.shinso.bench;

import dev.shinso.autograd.NoGrad;
import dev.shinso.data.Dataset;
import dev.shinso.nn.Module;
import dev.shinso.tensor.Tensor;
import java.util.Arrays;

/**
 * Serving one request at a time: the model's forward on a single test image in evaluation mode without
 * a graph, as PyTorch's side times it under {@code torch.no_grad()} (torch_train.py's --latency). The
 * images are fetched before the clock starts (PyTorch's are views of its test tensor).
 */
final class Batch1Latency {
  private Batch1Latency() {}

  /** The median milliseconds of one image's forward, over n images after n untimed ones. */
  static double medianMs(Module net, Dataset test, int n) {
    boolean wasTraining = net.isTraining();
    net.eval();
    Tensor[] inputs = new Tensor[2 * n];
    for (int i = 0; i < inputs.length; i++) inputs[i] = test.getBatch(new int[] {i % test.size()}).inputs();
    double[] ms = new double[n];
    try (NoGrad g = NoGrad.enter()) {
      for (int i = 0; i < n; i++) net.forward(inputs[i]); // warm-up: the JIT compiles the batch-1 shapes' paths
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        net.forward(inputs[n + i]);
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
    } finally {
      if (wasTraining) net.train();
    }
    Arrays.sort(ms);
    return n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  }
}
