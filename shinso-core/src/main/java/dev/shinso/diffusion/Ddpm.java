package dev.shinso.diffusion;

import dev.shinso.autograd.NoGrad;
import dev.shinso.nn.Functional;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.DType;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.util.List;

/**
 * Denoising diffusion (Ho et al. 2020) around a {@link UNet} that predicts noise. Training: pick a
 * random step t per image, noise the image in one jump, xₜ = √ᾱₜ·x₀ + √(1 − ᾱₜ)·ε, and regress the
 * net's output on ε (MSE). Sampling: start from pure noise x_T and remove a little noise at a time.
 * {@link #sample} is the generalised step of DDIM (Song et al. 2021): with all T steps and η = 1 it is
 * DDPM's ancestral sampler (posterior variance β̃ₜ), with η = 0 and e.g. 50 steps the deterministic
 * DDIM sampler, 20× cheaper. The predicted x₀ is clipped to the data range [−1, 1] at every step.
 * Classifier-free guidance (Ho &amp; Salimans 2022) mixes the conditional and the unconditional
 * prediction: ε = (1 + w)·ε(x, y) − w·ε(x, ∅).
 */
public final class Ddpm {
  private final NoiseSchedule schedule;

  public Ddpm(NoiseSchedule schedule) {
    this.schedule = schedule;
  }

  public NoiseSchedule schedule() {
    return schedule;
  }

  /**
   * The training loss on clean images x0 [N, C, H, W] in [−1, 1]: MSE between the true and the
   * predicted noise. labels [N] (INT64) or null; each label is replaced by "no class" with probability
   * pUncond, so that one net learns both the conditional and the unconditional model.
   */
  public Tensor loss(UNet model, Tensor x0, Tensor labels, double pUncond, Generator gen) {
    return loss(model, x0, labels, pUncond, gen, x0.size(0), 0);
  }

  /**
   * The loss of rows [first, first + N) of a batch of batchRows images, x0 and labels holding just
   * those rows: the time steps, noise and label drops of the whole batch are drawn (so gen advances
   * as for the whole batch) and these rows' are used, so that data-parallel replicas that each take
   * a share of a batch see the noise one process would give those images.
   */
  public Tensor loss(UNet model, Tensor x0, Tensor labels, double pUncond, Generator gen, int batchRows, int first) {
    int n = x0.size(0), steps = schedule.steps();
    if (first < 0 || n < 1 || first + n > batchRows) {
      throw new IllegalArgumentException("Ddpm.loss: rows [" + first + ", " + (first + n) + ") are not a non-empty part "
          + "of a batch of " + batchRows);
    }
    boolean whole = n == batchRows;
    long[] tAll = new long[batchRows];
    float[] aAll = new float[batchRows], bAll = new float[batchRows];
    for (int i = 0; i < batchRows; i++) {
      tAll[i] = gen.nextLong(steps);
      double ab = schedule.alphaBar((int) tAll[i]);
      aAll[i] = (float) Math.sqrt(ab);
      bAll[i] = (float) Math.sqrt(1 - ab);
    }
    long[] t = whole ? tAll : java.util.Arrays.copyOfRange(tAll, first, first + n);
    float[] a = whole ? aAll : java.util.Arrays.copyOfRange(aAll, first, first + n);
    float[] b = whole ? bAll : java.util.Arrays.copyOfRange(bAll, first, first + n);
    Device device = x0.device();
    int[] shape = x0.shapeArray().clone();
    shape[0] = batchRows;
    Tensor noise = Tensor.randn(device, gen, shape);
    if (!whole) noise = noise.narrow(0, first, n).contiguous();
    Tensor xt = x0.mul(Tensor.of(device, a, n, 1, 1, 1)).add(noise.mul(Tensor.of(device, b, n, 1, 1, 1)));
    Tensor y = null;
    if (labels != null && model.config().conditional()) {
      Tensor dropped = Tensor.rand(device, gen, batchRows);
      if (!whole) dropped = dropped.narrow(0, first, n).contiguous();
      y = Tensor.where(dropped.lt((float) pUncond), Tensor.scalarLong(device, model.config().numClasses()), labels);
    }
    return Functional.mseLoss(model.forward(xt, Tensor.ofLongs(device, t, n), y), noise);
  }

  /** What a sampler reports after each step: the step's index (0 … steps−1) and the images so far. */
  public interface StepListener {
    void onStep(int step, int steps, int t, Tensor x);
  }

  /** The noise of each sampling step: 0 (deterministic DDIM) to 1 (ancestral); anything else is an error. */
  public static double checkEta(double eta) {
    if (!(eta >= 0 && eta <= 1)) throw new IllegalArgumentException("eta must be in [0, 1], got " + eta);
    return eta;
  }

  /** A classifier-free guidance weight: finite and not negative (0: none). */
  public static double checkGuidance(double guidance) {
    if (!(guidance >= 0 && guidance < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("guidance must be a finite number ≥ 0, got " + guidance);
    }
    return guidance;
  }

  /**
   * Generates n images. labels null: unconditional (for a conditional net, the "no class" row);
   * otherwise INT64 [n] classes, with guidance weight w (0: none). steps: how many of the T timesteps to
   * visit (evenly spaced, T for the full ancestral chain); eta: 1 for ancestral noise, 0 for
   * deterministic DDIM. listener (may be null) sees x after every step; x_T is reported as step −1.
   */
  public Tensor sample(UNet model, int n, Tensor labels, double guidance, int steps, double eta, Generator gen,
      StepListener listener) {
    int total = schedule.steps();
    if (steps < 1 || steps > total) {
      throw new IllegalArgumentException("sample: steps must be in 1…" + total + ", got " + steps);
    }
    checkEta(eta);
    checkGuidance(guidance);
    if (labels != null && (!model.config().conditional() || labels.dim() != 1 || labels.size(0) != n)) {
      throw new IllegalArgumentException("sample: class labels " + labels.shapeString() + " need a conditional model and "
          + "one label per image (n=" + n + "; the model has num_classes=" + model.config().numClasses() + ")");
    }
    int[] ts = timesteps(total, steps);
    UNetConfig c = model.config();
    boolean wasTraining = model.isTraining();
    model.eval();
    try (var g = NoGrad.enter()) {
      Device device = model.device();
      Tensor x = Tensor.randn(device, gen, n, c.imageChannels(), c.imageSize(), c.imageSize());
      if (listener != null) listener.onStep(-1, steps, total, x);
      for (int i = 0; i < ts.length; i++) {
        int t = ts[i], prev = i + 1 < ts.length ? ts[i + 1] : -1;
        Tensor eps = predictNoise(model, x, t, labels, guidance);
        double ab = schedule.alphaBar(t), abPrev = schedule.alphaBar(prev);
        Tensor x0 = x.sub(eps.mul((float) Math.sqrt(1 - ab))).div((float) Math.sqrt(ab)).clamp(-1, 1);
        eps = x.sub(x0.mul((float) Math.sqrt(ab))).div((float) Math.sqrt(1 - ab));  // consistent with the clipped x₀
        double sigma = eta * Math.sqrt((1 - abPrev) / (1 - ab) * (1 - ab / abPrev));
        double dirScale = Math.sqrt(Math.max(0, 1 - abPrev - sigma * sigma));
        Tensor next = x0.mul((float) Math.sqrt(abPrev)).add(eps.mul((float) dirScale));
        if (sigma > 0 && prev >= 0) next = next.add(Tensor.randn(device, gen, x.shapeArray()).mul((float) sigma));
        x = next.contiguous();
        if (listener != null) listener.onStep(i, steps, prev, x);
      }
      return x;
    } finally {
      if (wasTraining) model.train();
    }
  }

  private static Tensor predictNoise(UNet model, Tensor x, int t, Tensor labels, double guidance) {
    int n = x.size(0);
    Tensor tt = Tensor.full(x.device(), t, n);
    if (labels == null) return model.forward(x, tt, null);
    if (guidance == 0) return model.forward(x, tt, labels);
    Tensor none = Tensor.full(x.device(), model.config().numClasses(), n).to(DType.INT64);
    Tensor both = model.forward(Tensor.cat(List.of(x, x), 0), Tensor.full(x.device(), t, 2 * n),
        Tensor.cat(List.of(labels, none), 0));
    Tensor cond = both.narrow(0, 0, n), uncond = both.narrow(0, n, n);
    return cond.mul((float) (1 + guidance)).sub(uncond.mul((float) guidance));
  }

  /** steps timesteps from T−1 down to 0, evenly spaced (all of them when steps = T). */
  static int[] timesteps(int total, int steps) {
    int[] ts = new int[steps];
    for (int i = 0; i < steps; i++) ts[i] = (int) Math.round((double) (steps - 1 - i) * (total - 1) / Math.max(1, steps - 1));
    if (steps == 1) ts[0] = total - 1;
    return ts;
  }
}
