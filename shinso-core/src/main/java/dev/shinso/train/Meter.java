package dev.shinso.train;

import dev.shinso.autograd.NoGrad;
import dev.shinso.tensor.Tensor;

/**
 * Running sums of a training loop's per-batch loss (and count of correct predictions), kept as
 * tensors on the device and read back once per report: a training step only queues two additions
 * and never waits for the device to finish.
 */
public final class Meter {
  private Tensor lossSum, correctSum;
  private int count;

  /** The means over the batches since the last reading; accuracy is NaN when no correct counts were added. */
  public record Reading(double loss, double accuracy, int count) {}

  /** One batch of n examples: its mean loss (0-d) and, for a classifier, its number of correct predictions (0-d). */
  public void add(Tensor meanLoss, Tensor correct, int n) {
    try (NoGrad g = NoGrad.enter()) {
      Tensor l = meanLoss.detach().mul((float) n);
      lossSum = lossSum == null ? l : lossSum.add(l);
      if (correct != null) correctSum = correctSum == null ? correct.detach() : correctSum.add(correct.detach());
    }
    count += n;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** The sums read back (the only place that waits for the device), and a fresh start. */
  public Reading read() {
    int n = Math.max(1, count);
    Reading r = new Reading(lossSum == null ? 0 : lossSum.item() / n, correctSum == null ? Double.NaN
        : correctSum.item() / n, count);
    lossSum = correctSum = null;
    count = 0;
    return r;
  }
}
