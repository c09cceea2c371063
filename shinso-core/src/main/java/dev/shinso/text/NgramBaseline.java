package dev.shinso.text;

/**
 * The unigram and bigram baselines a language model must beat: character frequencies (and
 * next-character frequencies given the previous one) counted on the training text with add-one
 * smoothing, and their cross-entropy in nats per character on the validation text, scored on the
 * same targets as the model (every validation character after the first).
 */
public final class NgramBaseline {
  private NgramBaseline() {}

  public record Losses(double unigram, double bigram) {}

  public static Losses evaluate(long[] train, long[] validation, int vocabSize) {
    double[] uni = new double[vocabSize];
    double[][] bi = new double[vocabSize][vocabSize];
    for (int i = 0; i < train.length; i++) {
      uni[(int) train[i]]++;
      if (i > 0) bi[(int) train[i - 1]][(int) train[i]]++;
    }
    double[] rowTotals = new double[vocabSize];
    for (int a = 0; a < vocabSize; a++) for (int b = 0; b < vocabSize; b++) rowTotals[a] += bi[a][b];
    double uniNll = 0, biNll = 0;
    int n = 0;
    for (int i = 1; i < validation.length; i++) {
      int prev = (int) validation[i - 1], cur = (int) validation[i];
      uniNll -= Math.log((uni[cur] + 1) / (train.length + vocabSize));
      biNll -= Math.log((bi[prev][cur] + 1) / (rowTotals[prev] + vocabSize));
      n++;
    }
    return new Losses(uniNll / n, biNll / n);
  }
}
