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
    checkTemperature("sample", temperature);
    int best = argmax(logits);
    if (temperature == 0) return best;
    double[] p = weights(logits, temperature, topK, logits[best]);
    double sum = 0;
    for (double w : p) sum += w;
    double u = generator.nextFloat() * sum, acc = 0;
    for (int i = 0; i < p.length; i++) {
      acc += p[i];
      if (u < acc && p[i] > 0) return i;
    }
    return best;
  }

  /** The probabilities sample draws from (for tests and for showing a distribution); temperature 0 is the argmax. */
  public static double[] probabilities(float[] logits, double temperature, int topK) {
    checkTemperature("probabilities", temperature);
    int best = argmax(logits);
    if (temperature == 0) {
      double[] p = new double[logits.length];
      p[best] = 1;
      return p;
    }
    double[] p = weights(logits, temperature, topK, logits[best]);
    double sum = 0;
    for (double w : p) sum += w;
    for (int i = 0; i < p.length; i++) p[i] /= sum;
    return p;
  }

  private static void checkTemperature(String op, double temperature) {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(op + ": temperature must be finite and >= 0, got " + temperature);
    }
  }

  private static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
    return best;
  }

  /** exp((logit − max) / temperature) for the top k logits (ties at the k-th all kept, as torch.topk's cut-off), 0 for the rest. */
  private static double[] weights(float[] logits, double temperature, int topK, float max) {
    int n = logits.length;
    float threshold = Float.NEGATIVE_INFINITY;
    if (topK > 0 && topK < n) {
      float[] sorted = logits.clone();
      java.util.Arrays.sort(sorted);
      threshold = sorted[n - topK];
    }
    double[] p = new double[n];
    for (int i = 0; i < n; i++) p[i] = logits[i] < threshold ? 0 : Math.exp((logits[i] - max) / temperature);
    return p;
  }
}
