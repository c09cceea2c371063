package dev.shinso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shinso.models.Models;
import dev.shinso.nn.Module;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The README's first program, kept true. */
class ReadmeExampleTest {
  @Test
  void firstProgramRunsAndGivesTheExpectedGradients() {
    Shinso.manualSeed(0);
    Tensor x = Tensor.randn(64, 784);
    Tensor labels = Tensor.randint(0, 10, 64);
    Tensor w = Tensor.randn(784, 10).mul(0.01f).requiresGrad(true);
    Tensor b = Tensor.zeros(10).requiresGrad(true);

    Tensor logits = x.matmul(w).add(b);
    Tensor loss = logits.logSoftmax(1).gather(1, labels.unsqueeze(1)).neg().mean();
    loss.backward();

    assertThat(loss.toString()).startsWith("tensor(2.").endsWith("grad_fn=<meanBackward>)");
    assertThat(w.grad().shapeArray()).containsExactly(784, 10);
    // d loss / d b = mean over the batch of (softmax − one-hot): its entries sum to 0.
    float[] gb = b.grad().toFloatArray();
    double total = 0;
    for (float v : gb) total += v;
    assertThat(total).isCloseTo(0, within(1e-6));
    assertThat(b.grad().toString()).startsWith("tensor([").contains("shape=[10], dtype=float32");
  }

  /** The README's Devices example, on the off-heap test device. */
  @Test
  void devicesExampleRuns() {
    String[] args = {"offheap"};
    Device gpu = Device.parse(args.length > 0 ? args[0] : "cpu");
    Tensor x = Tensor.randn(gpu, null, 64, 784);
    Module net = Models.mlp().to(gpu);
    Tensor y = net.forward(x);
    Tensor onCpu = y.to(Device.CPU);
    assertThat(y.device()).isEqualTo(gpu);
    assertThat(onCpu.device()).isEqualTo(Device.CPU);
    assertThat(onCpu.shapeArray()).containsExactly(64, 10);
  }
}
