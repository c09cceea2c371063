package dev.shinso.cuda.check;

import static dev.shinso.cuda.check.GpuBench.CUDA;

import dev.shinso.Shinso;
import dev.shinso.backend.Backends;
import dev.shinso.cuda.Cuda;
import dev.shinso.diffusion.Ddpm;
import dev.shinso.diffusion.NoiseSchedule;
import dev.shinso.diffusion.UNet;
import dev.shinso.diffusion.UNetConfig;
import dev.shinso.models.Models;
import dev.shinso.nn.Functional;
import dev.shinso.nn.Module;
import dev.shinso.optim.Adam;
import dev.shinso.optim.Optimizer;
import dev.shinso.train.Recipe;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.function.Supplier;

/**
 * Training speed and peak device memory of the reference models on cuda:0, measured exactly as
 * torch_bench.py measures PyTorch: 60,000 synthetic 28×28 images already on the device, the
 * recipe's optimiser (no augmentation, no schedule), a few warm-up steps, then {@code timed} steps
 * with the device synchronised only around them. The epoch time is estimated from the mean step
 * (an epoch is 60,000 / batch steps), so a slow backend cannot blow the GPU script's time limit.
 * Peak memory is the allocator's peak from just before the model is built, the data included.
 */
final class ModelBench {
  static final int IMAGES = 60_000, WARMUP = 20;  // enough for the JIT to compile the step

  private ModelBench() {}

  /** "cnn-epoch:64", "resnet-epoch:128", "unet-step:128": name and batch size. */
  static void run(String spec) {
    String[] p = spec.split(":");
    int batch = p.length > 1 ? Integer.parseInt(p[1]) : 64;
    switch (p[0]) {
      case "cnn-epoch" -> imageModel("cnn", batch, batch <= 64 ? 200 : 60);
      case "resnet-epoch" -> imageModel("resnet", batch, 40);
      case "unet-step" -> unetStep(batch, 20);
      default -> throw new IllegalArgumentException("unknown benchmark " + spec);
    }
  }

  static void imageModel(String model, int batch, int timed) {
    Generator g = fresh(5);
    Tensor x = Tensor.randn(CUDA, g, IMAGES, 1, 28, 28), y = Tensor.randint(CUDA, g, 0, 10, IMAGES);
    Cuda.resetPeakMemory(0);
    Module m = Models.create(model).to(CUDA);
    Recipe r = Recipe.of(model);
    Optimizer opt = r.optimizer().create(m, r.lr());
    int perEpoch = IMAGES / batch;
    int[] next = {0};
    Supplier<Tensor> step = () -> {
      int i = next[0]++ % perEpoch * batch;
      Tensor loss = Functional.crossEntropy(m.forward(x.narrow(0, i, batch)), y.narrow(0, i, batch));
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return loss.detach();
    };
    report(model + "-epoch", batch, timed, perEpoch, step, m.parameterCount());
  }

  /** The CLI's default U-Net (base 32, channels ×1 ×2, 8 groups, 10 classes), T=1000, Adam 1e-3, p_uncond 0.1. */
  static void unetStep(int batch, int timed) {
    Generator g = fresh(6);
    Tensor x = Tensor.rand(CUDA, g, IMAGES, 1, 28, 28).mul(2).sub(1), y = Tensor.randint(CUDA, g, 0, 10, IMAGES);
    Cuda.resetPeakMemory(0);
    UNet net = new UNet(new UNetConfig(1, 28, 32, new int[] {1, 2}, 8, 10));
    net.to(CUDA);
    Ddpm ddpm = new Ddpm(NoiseSchedule.of("linear", 1000));
    Optimizer opt = new Adam(net.parameters(), 1e-3);
    int perEpoch = IMAGES / batch;
    int[] next = {0};
    Generator noise = new Generator(7);
    Supplier<Tensor> step = () -> {
      int i = next[0]++ % perEpoch * batch;
      Tensor loss = ddpm.loss(net, x.narrow(0, i, batch), y.narrow(0, i, batch), 0.1, noise);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return loss.detach();
    };
    report("unet-step", batch, timed, perEpoch, step, net.parameterCount());
  }

  private static void report(String name, int batch, int timed, int perEpoch, Supplier<Tensor> step, long params) {
    for (int i = 0; i < WARMUP; i++) step.get();
    Backends.of(CUDA).synchronize();
    long t0 = System.nanoTime();
    Tensor total = Tensor.zeros(CUDA);
    for (int i = 0; i < timed; i++) total = total.add(step.get());
    float sum = total.item();  // waits for the device
    double s = (System.nanoTime() - t0) / 1e9 / timed;
    System.out.printf("bench %s batch=%d steps_timed=%d step_ms=%.3f epoch_s_est=%.2f peak_mib=%.1f mean_loss=%.4f "
        + "params=%d%n", name, batch, timed, s * 1e3, s * perEpoch, Cuda.memoryStats(0).peak() / (1024.0 * 1024.0),
        sum / timed, params);
  }

  /** Drops the previous benchmark's tensors (a collected tensor returns its block), seeds, and a generator. */
  private static Generator fresh(long seed) {
    System.gc();
    Cuda.emptyCache(0);
    Shinso.manualSeed(seed);
    return new Generator(seed);
  }
}
