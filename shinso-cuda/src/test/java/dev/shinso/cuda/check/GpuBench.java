package dev.shinso.cuda.check;

import dev.shinso.Shinso;
import dev.shinso.backend.Backends;
import dev.shinso.cuda.Cuda;
import dev.shinso.models.Models;
import dev.shinso.nn.Functional;
import dev.shinso.nn.Module;
import dev.shinso.optim.AdamW;
import dev.shinso.optim.Optimizer;
import dev.shinso.optim.SGD;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import dev.shinso.text.TransformerConfig;
import dev.shinso.text.TransformerLM;
import java.util.Arrays;

/**
 * The GPU benchmarks shinso-cuda/scripts/torch_bench.py repeats with PyTorch on the same card, in
 * the same format: {@code GpuBench sgemm add mlp-epoch lm-step cnn-epoch:64 resnet-epoch:128 unet-step:128}
 * (the models' benchmarks are in {@link ModelBench}). Each line reads
 * {@code bench NAME key=value ...}; times are medians of the repetitions, the device synchronised
 * around each.
 */
public final class GpuBench {
  static final Device CUDA = new Device("cuda", 0);

  private GpuBench() {}

  public static void main(String[] args) {
    for (String what : args.length == 0 ? new String[] {"sgemm", "add"} : args) {
      switch (what) {
        case "sgemm" -> sgemm(4096);
        case "add" -> add(1 << 28);
        case "mlp-epoch" -> mlpEpoch();
        case "lm-step" -> lmStep();
        default -> ModelBench.run(what);  // cnn-epoch:64, cnn-epoch:512, resnet-epoch:128, unet-step:128
      }
    }
  }

  /** C = A·B, n×n×n float32, without and with TF32: TFLOP/s. */
  static void sgemm(int n) {
    Generator g = new Generator(1);
    Tensor a = Tensor.randn(CUDA, g, n, n), b = Tensor.randn(CUDA, g, n, n);
    for (boolean tf32 : new boolean[] {false, true}) {
      Cuda.setAllowTf32(tf32);
      double s = median(10, 3, () -> a.matmul(b));
      System.out.printf("bench sgemm n=%d tf32=%b ms=%.3f tflops=%.1f%n", n, tf32, s * 1e3, 2.0 * n * n * n / s / 1e12);
    }
    Cuda.setAllowTf32(false);
  }

  /** a += b over n floats, and c = a + b: GB/s counting two reads and a write. */
  static void add(int n) {
    Generator g = new Generator(2);
    Tensor a = Tensor.randn(CUDA, g, n), b = Tensor.randn(CUDA, g, n);
    double inPlace = median(20, 3, () -> a.add_(b));
    double fresh = median(10, 2, () -> a.add(b));
    double bytes = 3.0 * 4 * n;
    System.out.printf("bench add n=%d in_place_ms=%.3f in_place_gbs=%.0f out_of_place_ms=%.3f out_of_place_gbs=%.0f%n",
        n, inPlace * 1e3, bytes / inPlace / 1e9, fresh * 1e3, bytes / fresh / 1e9);
  }

  /** One epoch of the reference MLP over 60,000 synthetic 28×28 images on the device, batch 64, SGD momentum. */
  static void mlpEpoch() {
    Shinso.manualSeed(3);
    Generator g = new Generator(3);
    Tensor x = Tensor.randn(CUDA, g, 60_000, 1, 28, 28), y = Tensor.randint(CUDA, g, 0, 10, 60_000);
    Module m = Models.mlp().to(CUDA);
    Optimizer opt = new SGD(m.parameters(), 0.1).momentum(0.9);
    for (int epoch = 0; epoch < 2; epoch++) {  // the first warms the JIT
      long t0 = System.nanoTime();
      Tensor total = Tensor.zeros(CUDA);
      for (int i = 0; i + 64 <= 60_000; i += 64) {
        Tensor loss = Functional.crossEntropy(m.forward(x.narrow(0, i, 64)), y.narrow(0, i, 64));
        opt.zeroGrad();
        loss.backward();
        opt.step();
        total = total.add(loss.detach());
      }
      float sum = total.item();
      System.out.printf("bench mlp-epoch epoch=%d s=%.3f mean_loss=%.4f%n", epoch, (System.nanoTime() - t0) / 1e9,
          sum / (60_000 / 64));
    }
  }

  /** Training steps of the default language model (4 layers, 4 heads, dim 128, context 128), batch 32. */
  static void lmStep() {
    Shinso.manualSeed(4);
    TransformerConfig config = new TransformerConfig(80, 4, 4, 128, 128);
    Module m = new TransformerLM(config).to(CUDA);
    Optimizer opt = new AdamW(m.parameters(), 3e-3);
    Tensor tokens = Tensor.randint(CUDA, new Generator(4), 0, 80, 32, 129);
    Tensor x = tokens.narrow(1, 0, 128).contiguous(), next = tokens.narrow(1, 1, 128).contiguous();
    double s = median(20, 5, () -> {
      Tensor loss = Functional.crossEntropy(m.forward(x).reshape(-1, 80), next.reshape(-1));
      opt.zeroGrad();
      loss.backward();
      opt.step();
    });
    System.out.printf("bench lm-step batch=32 context=128 ms=%.2f%n", s * 1e3);
  }

  /** The median time of reps runs after warmup ones, each between two device synchronisations. */
  static double median(int reps, int warmup, Runnable r) {
    double[] t = new double[reps];
    for (int i = -warmup; i < reps; i++) {
      Backends.of(CUDA).synchronize();
      long t0 = System.nanoTime();
      r.run();
      Backends.of(CUDA).synchronize();
      if (i >= 0) t[i] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(t);
    return t[reps / 2];
  }
}
