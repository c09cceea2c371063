package dev.shinso.cuda.gpu;

import static dev.shinso.cuda.GpuAvailable.assumeGpu;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.Shinso;
import dev.shinso.models.Models;
import dev.shinso.nn.Functional;
import dev.shinso.optim.GradClip;
import dev.shinso.nn.Module;
import dev.shinso.optim.Adam;
import dev.shinso.optim.AdamW;
import dev.shinso.optim.Optimizer;
import dev.shinso.optim.SGD;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.text.TransformerConfig;
import dev.shinso.text.TransformerLM;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Training steps on cuda against the same steps on the CPU: every reference model; checkpoints across devices. */
class GpuTrainingTest {
  static final Device CUDA = GpuPrimitivesTest.CUDA;

  @BeforeEach
  void gpu() {
    assumeGpu();
  }

  @Test
  void mlpAndCnnStepsMatchTheCpu() {
    Generator g = new Generator(6);
    Tensor x = Tensor.randn(Device.CPU, g, 16, 1, 28, 28);
    Tensor y = Tensor.randint(Device.CPU, g, 0, 10, 16);
    compare("mlp", Models::mlp, m -> new SGD(m.parameters(), 0.1).momentum(0.9), x, y, 3);
    compare("cnn", Models::cnn, m -> new Adam(m.parameters(), 1e-3), x, y, 3);
  }

  /**
   * The ResNet (batch norm, pooling) and the U-Net (group norm, transposed convolution): losses
   * only, and to 1e-3, as TrainingOnADeviceTest: the ResNet's gradients at initialisation are
   * ill-conditioned, and the U-Net's noise is drawn with the device's own log and sin.
   */
  @Test
  void resnetAndUnetStepsAsOnTheCpu() {
    Generator g = new Generator(9);
    Tensor x = Tensor.randn(Device.CPU, g, 16, 1, 28, 28);
    Tensor y = Tensor.randint(Device.CPU, g, 0, 10, 16);
    float[][] resnet = new float[2][];
    float[][] unet = new float[2][];
    Device[] devices = {Device.CPU, CUDA};
    for (int k = 0; k < 2; k++) {
      Device d = devices[k];
      resnet[k] = steps(Models::resnet, d, m -> new SGD(m.parameters(), 0.1).momentum(0.9).nesterov(true),
          m -> Functional.crossEntropy(((Module) m).forward(x.to(d)), y.to(d)));
      dev.shinso.diffusion.Ddpm ddpm = new dev.shinso.diffusion.Ddpm(dev.shinso.diffusion.NoiseSchedule.of("linear", 100));
      Generator noise = new Generator(10);
      unet[k] = steps(() -> new dev.shinso.diffusion.UNet(new dev.shinso.diffusion.UNetConfig(1, 28, 8, new int[] {1, 2},
          4, 10)), d, m -> new Adam(m.parameters(), 1e-3), m -> ddpm.loss((dev.shinso.diffusion.UNet) m,
          x.to(d), y.to(d), 0.1, noise));
    }
    for (int s = 0; s < 3; s++) {
      assertThat(resnet[1][s]).as("resnet step %d", s).isCloseTo(resnet[0][s], offset(1e-3f, resnet[0][s]));
      assertThat(unet[1][s]).as("unet step %d", s).isCloseTo(unet[0][s], offset(1e-3f, unet[0][s]));
    }
  }

  /** A checkpoint of a model trained on the GPU loads on the CPU and computes the same, and back. */
  @Test
  void aCheckpointSavedOnTheGpuLoadsOnTheCpuAndBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    Generator g = new Generator(12);
    Tensor x = Tensor.randn(Device.CPU, g, 8, 1, 28, 28), y = Tensor.randint(Device.CPU, g, 0, 10, 8);
    Shinso.manualSeed(13);
    Module onGpu = Models.resnet().to(CUDA);
    Optimizer opt = new SGD(onGpu.parameters(), 0.1).momentum(0.9);
    for (int i = 0; i < 2; i++) {
      Tensor loss = Functional.crossEntropy(onGpu.forward(x.to(CUDA)), y.to(CUDA));
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
    onGpu.eval();
    Tensor expected = onGpu.forward(x.to(CUDA)).to(Device.CPU);
    java.nio.file.Path file = dir.resolve("gpu.safetensors");
    new dev.shinso.io.Checkpoint(onGpu.stateDict(), opt.stateDict(), java.util.Map.of(), new long[] {1, 2, 3}, 2,
        java.util.Map.of()).save(file);
    Module onCpu = Models.resnet();
    onCpu.eval();
    onCpu.loadStateDict(dev.shinso.io.Checkpoint.load(file).model());
    Close.assertClose("resnet from a GPU checkpoint on the CPU", onCpu.forward(x), expected, 1e-4);
    Module back = Models.resnet().to(CUDA);
    back.eval();
    back.loadStateDict(onCpu.stateDict());
    Close.assertClose("and back on the GPU", back.forward(x.to(CUDA)).to(Device.CPU), expected, 1e-4);
  }

  private static float[] steps(Supplier<? extends dev.shinso.nn.Block> net, Device d,
      Function<dev.shinso.nn.Block, Optimizer> optimizer, Function<dev.shinso.nn.Block, Tensor> loss) {
    Shinso.manualSeed(42);
    dev.shinso.nn.Block m = net.get().to(d);
    Optimizer opt = optimizer.apply(m);
    float[] losses = new float[3];
    for (int step = 0; step < losses.length; step++) {
      Tensor l = loss.apply(m);
      opt.zeroGrad();
      l.backward();
      opt.step();
      losses[step] = l.item();
    }
    return losses;
  }

  private static org.assertj.core.data.Offset<Float> offset(float rtol, float v) {
    return org.assertj.core.data.Offset.offset(rtol * Math.max(1, Math.abs(v)));
  }

  @Test
  void theLanguageModelStepsAsOnTheCpu() {
    Supplier<Module> lm = () -> new TransformerLM(new TransformerConfig(11, 2, 2, 16, 8));
    Generator g = new Generator(7);
    Tensor tokens = Tensor.randint(Device.CPU, g, 0, 11, 4, 9);
    Tensor x = tokens.narrow(1, 0, 8).contiguous(), next = tokens.narrow(1, 1, 8).contiguous();
    float[] cpu = lmSteps(lm, Device.CPU, x, next), gpu = lmSteps(lm, CUDA, x, next);
    for (int i = 0; i < cpu.length; i++) assertThat(gpu[i]).as("step %d", i).isCloseTo(cpu[i], relative(cpu[i]));
  }

  @Test
  void anMlpLearnsOnTheGpu() {
    Shinso.manualSeed(1);
    Generator g = new Generator(8);
    Tensor x = Tensor.randn(CUDA, g, 512, 20);
    Tensor y = x.narrow(1, 0, 1).gt(0).reshape(-1).to(dev.shinso.tensor.DType.INT64);
    Module m = new dev.shinso.nn.Sequential(new dev.shinso.nn.Linear(20, 32), new dev.shinso.nn.ReLU(),
        new dev.shinso.nn.Linear(32, 2)).to(CUDA);
    Optimizer opt = new SGD(m.parameters(), 0.5);
    float first = 0, last = 0;
    for (int step = 0; step < 100; step++) {
      Tensor loss = Functional.crossEntropy(m.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      if (step == 0) first = loss.item();
      last = loss.item();
    }
    assertThat(last).isLessThan(first / 4);
  }

  private static float[] lmSteps(Supplier<Module> lm, Device d, Tensor x, Tensor next) {
    Shinso.manualSeed(11);
    Module m = lm.get().to(d);
    Optimizer opt = new AdamW(m.parameters(), 3e-3);
    float[] losses = new float[4];
    for (int step = 0; step < losses.length; step++) {
      Tensor loss = Functional.crossEntropy(m.forward(x.to(d)).reshape(-1, 11), next.to(d).reshape(-1));
      opt.zeroGrad();
      loss.backward();
      GradClip.clipGradNorm(m.parameters(), 1.0);
      opt.step();
      losses[step] = loss.item();
    }
    return losses;
  }

  private static void compare(String name, Supplier<Module> net, Function<Module, Optimizer> optimizer, Tensor x,
      Tensor y, int steps) {
    float[][] losses = new float[2][steps];
    Device[] devices = {Device.CPU, CUDA};
    for (int k = 0; k < 2; k++) {
      Shinso.manualSeed(42);
      Module m = net.get().to(devices[k]);  // made on the CPU, then moved: the same weights
      Optimizer opt = optimizer.apply(m);
      for (int step = 0; step < steps; step++) {
        Tensor loss = Functional.crossEntropy(m.forward(x.to(devices[k])), y.to(devices[k]));
        opt.zeroGrad();
        loss.backward();
        opt.step();
        losses[k][step] = loss.item();
      }
    }
    for (int s = 0; s < steps; s++) {
      assertThat(losses[1][s]).as("%s step %d", name, s).isCloseTo(losses[0][s], relative(losses[0][s]));
    }
  }

  private static org.assertj.core.data.Offset<Float> relative(float v) {
    return org.assertj.core.data.Offset.offset(1e-4f * Math.max(1, Math.abs(v)));
  }
}
