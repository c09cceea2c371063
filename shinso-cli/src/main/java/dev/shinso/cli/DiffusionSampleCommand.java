package dev.shinso.cli;

import dev.shinso.cli.diffusion.DiffusionProgress;
import dev.shinso.cli.diffusion.ImageGrid;
import dev.shinso.diffusion.Ddpm;
import dev.shinso.diffusion.DdpmTrainer;
import dev.shinso.diffusion.UNetConfig;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shinso diffusion sample}: images from a diffusion checkpoint as a PNG grid; with
 * {@code --steps-out} also the denoising trajectory, x_T (noise) on the left to x_0 on the right.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = {"Generate images from a diffusion checkpoint (shinso diffusion train) and save them as a PNG grid.",
        "--steps T (the checkpoint's timesteps, e.g. 1000) runs DDPM's ancestral sampler; fewer steps run DDIM."})
final class DiffusionSampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true, description = "a diffusion checkpoint (e.g. out/diffusion/last.safetensors)")
  Path checkpoint;

  @Option(names = "--n", defaultValue = "64", description = "number of images (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--out", defaultValue = "samples.png", description = "the PNG grid to write (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--steps", description = "denoising steps: the checkpoint's T for the ancestral sampler, fewer "
      + "for DDIM (default: 100)")
  Integer steps;

  @Option(names = "--eta", description = "noise of each step: 1 = ancestral, 0 = deterministic DDIM (default: 1 when "
      + "--steps is T, else 0)")
  Double eta;

  @Option(names = "--class", description = "class to generate (0-9) for a conditional model (default: all classes, one "
      + "per column)")
  Integer label;

  @Option(names = "--guidance", defaultValue = "2", description = "classifier-free guidance weight w for a conditional "
      + "model, 0 for none (default: ${DEFAULT-VALUE})")
  double guidance;

  @Option(names = "--unconditional", description = "sample a conditional model without a class")
  boolean unconditional;

  @Option(names = "--cols", description = "grid columns (default: 10 for a conditional model, else 8)")
  Integer cols;

  @Option(names = "--scale", defaultValue = "2", description = "pixel size in the PNG (default: ${DEFAULT-VALUE})")
  int scale;

  @Option(names = "--steps-out", description = "folder for the denoising trajectory: trajectory.png (a strip per "
      + "sample, x_T to x_0) and one grid per frame")
  Path stepsOut;

  @Option(names = "--frames", defaultValue = "11", description = "frames in the trajectory strip (default: ${DEFAULT-VALUE})")
  int frames;

  @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--threads", description = "intra-op threads (default: cores, or $SHINSO_NUM_THREADS)")
  Integer threads;

  @Mixin DeviceOption deviceOption;

  @Override
  public Integer call() throws Exception {
    if (n < 1) throw new IllegalArgumentException("--n must be positive, got " + n);
    if (scale < 1 || frames < 2) throw new IllegalArgumentException("--scale must be ≥ 1 and --frames ≥ 2");
    if (cols != null && cols < 1) throw new IllegalArgumentException("--cols must be positive, got " + cols);
    if (eta != null) Ddpm.checkEta(eta);
    Ddpm.checkGuidance(guidance);
    Device device = deviceOption.device();
    if (threads != null) dev.shinso.Shinso.setNumThreads(threads);
    DdpmTrainer.Loaded m = DdpmTrainer.load(checkpoint);
    m.model().to(device);
    UNetConfig c = m.model().config();
    int total = m.ddpm().schedule().steps();
    int k = steps != null ? steps : Math.min(100, total);
    if (k < 1 || k > total) throw new IllegalArgumentException("--steps must be in 1…" + total + ", got " + k);
    double e = eta != null ? eta : (k == total ? 1 : 0);
    long[] labels = null;
    if (label != null && (!c.conditional() || unconditional)) {
      throw new IllegalArgumentException("--class needs a conditional model and no --unconditional (this checkpoint has "
          + "num_classes=" + c.numClasses() + ")");
    }
    if (c.conditional() && !unconditional) {
      if (label != null && (label < 0 || label >= c.numClasses())) {
        throw new IllegalArgumentException("--class must be in 0…" + (c.numClasses() - 1) + ", got " + label);
      }
      labels = new long[n];
      for (int i = 0; i < n; i++) labels[i] = label != null ? label : i % c.numClasses();
    }
    int columns = cols != null ? cols : (labels != null && label == null ? c.numClasses() : 8);
    PrintWriter w = spec.commandLine().getOut();
    w.printf(Locale.ROOT, "checkpoint: %s (%s, %,d parameters, T=%d %s); %d image(s), %d %s step(s)%s%n", checkpoint,
        DdpmTrainer.MODEL_KIND, m.model().parameterCount(), total, m.ddpm().schedule().kind(), n, k,
        e == 1 && k == total ? "ancestral" : "DDIM (eta " + e + ")",
        labels == null ? ", unconditional" : ", guidance " + guidance);
    w.flush();

    List<Tensor> trajectory = new ArrayList<>();
    int[] keep = frameSteps(k, frames);
    long start = System.nanoTime();
    Tensor x;
    try (DiffusionProgress bar = new DiffusionProgress("sampling", k)) {
      Tensor y = labels == null ? null : Tensor.ofLongs(device, labels, n);
      int[] next = {0};
      x = m.ddpm().sample(m.model(), n, y, labels == null ? 0 : guidance, k, e, new Generator(seed), (s, all, t, img) -> {
        if (s >= 0) bar.step();
        if (stepsOut != null && next[0] < keep.length && s == keep[next[0]]) {
          trajectory.add(img);
          next[0]++;
        }
      });
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    ImageGrid.save(ImageGrid.grid(x, columns, scale), out);
    w.printf(Locale.ROOT, "wrote %s (%d×%d grid, %.1f s, %.1f images/s)%n", out, (n + columns - 1) / columns,
        Math.min(columns, n), seconds, n / seconds);
    if (stepsOut != null) {
      ImageGrid.save(ImageGrid.strip(trajectory, Math.min(n, 10), scale), stepsOut.resolve("trajectory.png"));
      for (int f = 0; f < trajectory.size(); f++) {
        ImageGrid.save(ImageGrid.grid(trajectory.get(f), columns, scale),
            stepsOut.resolve(String.format(Locale.ROOT, "frame-%02d-step-%04d.png", f, keep[f] + 1)));
      }
      w.printf(Locale.ROOT, "wrote %s (trajectory.png: %d frames from x_T to x_0, and one grid per frame)%n", stepsOut,
          trajectory.size());
    }
    w.flush();
    return 0;
  }

  /** frames step indices from −1 (x_T) to steps−1 (x_0), evenly spaced. */
  static int[] frameSteps(int steps, int frames) {
    int f = Math.min(frames, steps + 1);
    int[] s = new int[f];
    for (int i = 0; i < f; i++) s[i] = (int) Math.round(-1 + (double) i * steps / (f - 1));
    return s;
  }
}
