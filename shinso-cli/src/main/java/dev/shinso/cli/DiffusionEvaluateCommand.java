package dev.shinso.cli;

import dev.shinso.autograd.NoGrad;
import dev.shinso.cli.diffusion.ImageGrid;
import dev.shinso.cli.diffusion.Sampling;
import dev.shinso.diffusion.Ddpm;
import dev.shinso.diffusion.DdpmTrainer;
import dev.shinso.diffusion.UNetConfig;
import dev.shinso.nn.Module;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shinso diffusion evaluate}: judges generated images with a trained classifier (a
 * {@code shinso train} checkpoint). Unconditional samples: the classifier's mean max-softmax (how
 * confidently it recognises them) and which classes it assigns (all 10 = no mode collapse). For a
 * conditional model also guided samples of every class: mean max-softmax and how often the classifier
 * agrees with the requested class.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Generate --n images and let a classifier checkpoint judge them: mean max-softmax, classes covered, "
        + "and for a conditional model the agreement with the requested class."})
final class DiffusionEvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true, description = "the diffusion checkpoint")
  Path checkpoint;

  @Option(names = "--classifier", required = true, description = "a classifier checkpoint from shinso train (e.g. "
      + "out/train/cnn/best.safetensors)")
  Path classifier;

  @Option(names = "--n", defaultValue = "1000", description = "images per measurement (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--steps", defaultValue = "50", description = "denoising steps per image (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--eta", defaultValue = "0", description = "noise of each step: 0 = deterministic DDIM, 1 = "
      + "ancestral (default: ${DEFAULT-VALUE})")
  double eta;

  @Option(names = "--unconditional-only", description = "judge only unconditional samples, also for a conditional model")
  boolean unconditionalOnly;

  @Option(names = "--guidance", defaultValue = "2", description = "classifier-free guidance weight for the "
      + "conditional samples (default: ${DEFAULT-VALUE})")
  double guidance;

  @Option(names = "--batch", defaultValue = "250", description = "images generated at once (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--out", description = "folder for grids of the first 100 unconditional and conditional samples")
  Path out;

  @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--threads", description = "intra-op threads (default: cores, or $SHINSO_NUM_THREADS)")
  Integer threads;

  /** What the classifier makes of a set of images. */
  record Judgement(double meanMaxSoftmax, int[] counts, double agreement) {
    int classesCovered() {
      return (int) Arrays.stream(counts).filter(c -> c > 0).count();
    }
  }

  @Mixin DeviceOption deviceOption;

  @Override
  public Integer call() throws Exception {
    if (n < 1 || steps < 1 || batch < 1) throw new IllegalArgumentException("--n, --steps and --batch must be positive");
    Ddpm.checkEta(eta);
    Ddpm.checkGuidance(guidance);
    Device device = deviceOption.device();
    if (threads != null) dev.shinso.Shinso.setNumThreads(threads);
    DdpmTrainer.Loaded m = DdpmTrainer.load(checkpoint);
    m.model().to(device);
    CheckpointModel judge = CheckpointModel.load(classifier, null);
    judge.net().to(device);
    UNetConfig c = m.model().config();
    PrintWriter w = spec.commandLine().getOut();
    w.printf(Locale.ROOT, "checkpoint: %s (%,d parameters, %s); classifier: %s (%s); %d images each, %d steps, eta %s%n",
        checkpoint, m.model().parameterCount(), c.conditional() ? c.numClasses() + " classes" : "unconditional",
        classifier, judge.name(), n, steps, eta);
    w.flush();
    long start = System.nanoTime();
    Generator gen = new Generator(seed);
    Tensor uncond = Sampling.generate("unconditional", m.model(), m.ddpm(), n, null, 0, steps, eta, batch, gen);
    Judgement u = judge(judge.net(), uncond, null);
    w.printf(Locale.ROOT, "unconditional: mean_max_softmax=%.4f classes_covered=%d/10 counts=%s%n", u.meanMaxSoftmax(),
        u.classesCovered(), Arrays.toString(u.counts()));
    w.flush();
    if (out != null) ImageGrid.save(ImageGrid.grid(uncond.narrow(0, 0, Math.min(100, n)), 10, 2), out.resolve("unconditional.png"));
    Judgement k = null;
    if (c.conditional() && !unconditionalOnly) {
      long[] labels = Sampling.cycle(n, c.numClasses());
      Tensor cond = Sampling.generate("conditional", m.model(), m.ddpm(), n, labels, guidance, steps, eta, batch, gen);
      k = judge(judge.net(), cond, labels);
      w.printf(Locale.ROOT, "conditional (guidance %s): mean_max_softmax=%.4f agreement=%.4f classes_covered=%d/10 counts=%s%n",
          guidance, k.meanMaxSoftmax(), k.agreement(), k.classesCovered(), Arrays.toString(k.counts()));
      if (out != null) ImageGrid.save(ImageGrid.grid(cond.narrow(0, 0, Math.min(100, n)), 10, 2), out.resolve("conditional.png"));
    }
    w.printf(Locale.ROOT, "uncond_mean_max_softmax=%.4f uncond_classes=%d%s eval_s=%.1f%n", u.meanMaxSoftmax(),
        u.classesCovered(), k == null ? "" : String.format(Locale.ROOT, " cond_mean_max_softmax=%.4f cond_agreement=%.4f",
            k.meanMaxSoftmax(), k.agreement()), (System.nanoTime() - start) / 1e9);
    w.flush();
    return 0;
  }

  /** images in [−1, 1] as the classifier saw its training data ([0, 1]); labels null or the requested classes. */
  static Judgement judge(Module classifier, Tensor images, long[] labels) {
    classifier.eval();
    int n = images.size(0);
    try (var g = NoGrad.enter()) {
      Tensor p = classifier.forward(images.add(1).mul(0.5f).clamp(0, 1)).softmax(1);
      float[] max = p.amax(new int[] {1}, false).toFloatArray();
      long[] arg = p.argmax(1, false).toLongArray();
      int[] counts = new int[p.size(1)];
      double sum = 0, agree = 0;
      for (int i = 0; i < n; i++) {
        sum += max[i];
        counts[(int) arg[i]]++;
        if (labels != null && arg[i] == labels[i]) agree++;
      }
      return new Judgement(sum / n, counts, labels == null ? Double.NaN : agree / n);
    }
  }
}
