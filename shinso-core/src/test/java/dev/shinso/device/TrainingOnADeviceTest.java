package dev.shinso.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.Shinso;
import dev.shinso.diffusion.Ddpm;
import dev.shinso.diffusion.NoiseSchedule;
import dev.shinso.diffusion.UNet;
import dev.shinso.diffusion.UNetConfig;
import dev.shinso.models.Models;
import dev.shinso.nn.BatchNorm2d;
import dev.shinso.nn.Conv2d;
import dev.shinso.nn.Dropout;
import dev.shinso.nn.Flatten;
import dev.shinso.nn.Functional;
import dev.shinso.nn.Linear;
import dev.shinso.nn.MaxPool2d;
import dev.shinso.nn.Module;
import dev.shinso.nn.ReLU;
import dev.shinso.nn.Sequential;
import dev.shinso.optim.Adam;
import dev.shinso.optim.GradClip;
import dev.shinso.optim.Optimizer;
import dev.shinso.optim.SGD;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.testing.ReferenceCase;
import dev.shinso.text.TransformerConfig;
import dev.shinso.text.TransformerLM;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Whole training steps on the off-heap device while tensors made without a device go to the CPU:
 * anything in a layer, loss, optimiser or trainer that still makes a CPU tensor behind the device's
 * back fails here as a mixed-device error. Each run is compared with the same run on the CPU.
 */
class TrainingOnADeviceTest {
  private static final Device OFFHEAP = MixedDevicesTest.OFFHEAP;

  /** Conv, batch norm, ReLU (fused), max-pool, dropout, linear and cross-entropy, with Adam and clipping. */
  @Test
  void aConvNetStepMatchesTheCpu() {
    Supplier<Module> net = () -> new Sequential(new Conv2d(1, 4, 3, 1, 1, 1, 1, false), new BatchNorm2d(4), new ReLU(),
        new Conv2d(4, 4, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Flatten(), new Dropout(0.2), new Linear(4 * 4 * 4, 3));
    Generator g = new Generator(5);
    Tensor x = Tensor.randn(Device.CPU, g, 6, 1, 8, 8), y = Tensor.ofLongs(Device.CPU, new long[] {0, 1, 2, 2, 1, 0});
    compare(net, x, y, m -> new Adam(m.parameters(), 1e-2), true, true);
  }

  @Test
  void theReferenceModelsStepAsOnTheCpu() {
    Generator g = new Generator(6);
    Tensor x = Tensor.randn(Device.CPU, g, 4, 1, 28, 28), y = Tensor.ofLongs(Device.CPU, new long[] {3, 1, 4, 1});
    compare(Models::mlp, x, y, m -> new SGD(m.parameters(), 0.1).momentum(0.9), false, true);
    compare(Models::cnn, x, y, m -> new Adam(m.parameters(), 1e-3), false, true);
    // The ResNet's gradients at initialisation are ill-conditioned: scaling its input by 1 + 1e-7 on the
    // CPU alone moves its first layer's gradient by 0.8%. Rounding differs between the CPU's kernels and
    // the composites, so only the losses are compared.
    compare(Models::resnet, x, y, m -> new SGD(m.parameters(), 0.1).momentum(0.9).nesterov(true).weightDecay(5e-4), false,
        false);
  }

  @Test
  void theLanguageModelTrainsOnTheDevice() {
    Supplier<Module> lm = () -> new TransformerLM(new TransformerConfig(11, 2, 2, 8, 6));
    Tensor x = Tensor.ofLongs(Device.CPU, new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 1}, 2, 6);
    Tensor next = Tensor.ofLongs(Device.CPU, new long[] {2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 1, 2}, 2, 6);
    Map<Device, float[]> losses = new java.util.HashMap<>();
    for (Device d : new Device[] {Device.CPU, OFFHEAP}) {
      Shinso.manualSeed(11);
      Module m = lm.get().to(d);
      Optimizer opt = new dev.shinso.optim.AdamW(m.parameters(), 3e-3);
      float[] l = new float[3];
      for (int step = 0; step < 3; step++) {
        Tensor logits = m.forward(x.to(d));
        Tensor loss = Functional.crossEntropy(logits.reshape(-1, 11), next.to(d).reshape(-1));
        opt.zeroGrad();
        loss.backward();
        GradClip.clipGradNorm(m.parameters(), 1.0);
        opt.step();
        assertThat(loss.device()).isEqualTo(d);
        l[step] = loss.item();
      }
      losses.put(d, l);
    }
    assertThat(losses.get(OFFHEAP)).usingElementComparator(close(1e-4)).containsExactly(losses.get(Device.CPU));
  }

  @Test
  void theDiffusionModelTrainsAndSamplesOnTheDevice() {
    Shinso.manualSeed(12);
    UNet net = new UNet(new UNetConfig(1, 8, 4, new int[] {1, 2}, 2, 3));
    net.to(OFFHEAP);
    Ddpm ddpm = new Ddpm(NoiseSchedule.of("linear", 20));
    Tensor x0 = Tensor.rand(OFFHEAP, new Generator(1), 2, 1, 8, 8);
    Tensor loss = ddpm.loss(net, x0, Tensor.ofLongs(OFFHEAP, new long[] {0, 2}), 0.5, new Generator(2));
    loss.backward();
    assertThat(loss.device()).isEqualTo(OFFHEAP);
    assertThat(net.parameters()).allSatisfy(p -> assertThat(p.grad().device()).isEqualTo(OFFHEAP));
    Tensor samples = ddpm.sample(net, 2, Tensor.ofLongs(OFFHEAP, new long[] {1, 2}), 2.0, 2, 1.0, new Generator(3), null);
    assertThat(samples.device()).isEqualTo(OFFHEAP);
    assertThat(samples.shapeArray()).containsExactly(2, 1, 8, 8);
  }

  /** Module.to moves buffers too, and an optimiser's state follows its parameters at the next step. */
  @Test
  void moduleToMovesParametersBuffersAndOptimiserState() {
    Shinso.manualSeed(13);
    Module m = new Sequential(new Linear(3, 2), new BatchNorm2d(2));
    Optimizer opt = new Adam(m.parameters(), 0.1);
    Tensor w = m.parameters().get(0);
    w.setGrad(Tensor.onesLike(w));
    opt.step();
    m.to(OFFHEAP);
    assertThat(m.parameters().get(0)).isSameAs(w);
    assertThat(m.device()).isEqualTo(OFFHEAP);
    assertThat(m.namedBuffers().values()).allSatisfy(b -> assertThat(b.device()).isEqualTo(OFFHEAP));
    w.setGrad(Tensor.onesLike(w));
    opt.step();
    assertThat(opt.stateDict().get("state.0.exp_avg").device()).isEqualTo(OFFHEAP);
    assertThat(opt.stateDict().get("state.0.step").device()).isEqualTo(Device.CPU);  // a count: a host value
    m.to(Device.CPU);
    assertThat(w.device()).isEqualTo(Device.CPU);
  }

  private interface OptimizerFactory {
    Optimizer create(Module m);
  }

  /** Two steps of net on the CPU and on the device from the same seed: losses (and weights) agree. */
  private static void compare(Supplier<Module> net, Tensor x, Tensor y, OptimizerFactory optimizer, boolean clip,
      boolean weights) {
    Map<Device, Module> trained = new java.util.HashMap<>();
    Map<Device, float[]> losses = new java.util.HashMap<>();
    for (Device d : new Device[] {Device.CPU, OFFHEAP}) {
      Shinso.manualSeed(42);
      Module m = net.get().to(d);
      Optimizer opt = optimizer.create(m);
      float[] l = new float[2];
      for (int step = 0; step < 2; step++) {
        Tensor loss = Functional.crossEntropy(m.forward(x.to(d)), y.to(d));
        opt.zeroGrad();
        loss.backward();
        if (clip) GradClip.clipGradNorm(m.parameters(), 0.5);
        opt.step();
        l[step] = loss.item();
      }
      losses.put(d, l);
      trained.put(d, m);
    }
    assertThat(losses.get(OFFHEAP)).usingElementComparator(close(1e-4)).containsExactly(losses.get(Device.CPU));
    Map<String, Tensor> cpu = trained.get(Device.CPU).stateDict(), off = trained.get(OFFHEAP).stateDict();
    for (String k : cpu.keySet()) {
      assertThat(off.get(k).device()).as(k).isEqualTo(OFFHEAP);
      if (weights) ReferenceCase.assertClose(k, off.get(k), cpu.get(k), 1e-3, 1e-4);
    }
  }

  private static java.util.Comparator<Float> close(double rtol) {
    return (a, b) -> Math.abs(a - b) <= rtol * Math.max(1, Math.abs(b)) ? 0 : Float.compare(a, b);
  }
}
