package dev.shinso.text;

import dev.shinso.tensor.Generator;

/**
 * Picks the next token from logits: divided by a temperature (below 1 sharper, above 1 flatter;
 * 0 takes the most likely token), optionally restricted to the k most likely tokens, then drawn
 * from the softmax with a seeded generator.
 */
public final class Sampling {
  private Sampling() {}

  /** topK ≤ 0 or ≥ the vocabulary keeps every token. */
  public static int sample(float[] logits, double temperature, int topK, Generator generator) {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("sample: temperature must be finite and >= 0, got " + temperature);
    }
    int n = logits.length;
    int best = 0;
    for (int i = 1; i < n; i++) if (logits[i] > logits[best]) best = i;
    if (temperature == 0) return best;
    float threshold = Float.NEGATIVE_INFINITY;
    if (topK > 0 && topK < n) {
      float[] sorted = logits.clone();
      java.util.Arrays.sort(sorted);
      threshold = sorted[n - topK];  // ties at the k-th value are all kept, as torch.topk's cut-off
    }
    double[] p = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = logits[i] < threshold ? 0 : Math.exp((logits[i] - logits[best]) / temperature);
      sum += p[i];
    }
    double u = generator.nextFloat() * sum, acc = 0;
    for (int i = 0; i < n; i++) {
      acc += p[i];
      if (u < acc && p[i] > 0) return i;
    }
    return best;
  }

  /** The probabilities sample draws from (for tests and for showing a distribution). */
  public static double[] probabilities(float[] logits, double temperature, int topK) {
    int n = logits.length;
    float threshold = Float.NEGATIVE_INFINITY;
    if (topK > 0 && topK < n) {
      float[] sorted = logits.clone();
      java.util.Arrays.sort(sorted);
      threshold = sorted[n - topK];
    }
    float max = Float.NEGATIVE_INFINITY;
    for (float l : logits) max = Math.max(max, l);
    double[] p = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = logits[i] < threshold ? 0 : Math.exp((logits[i] - max) / temperature);
      sum += p[i];
    }
    for (int i = 0; i < n; i++) p[i] /= sum;
    return p;
  }
}
