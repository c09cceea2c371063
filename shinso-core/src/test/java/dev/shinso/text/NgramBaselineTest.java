package dev.shinso.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NgramBaselineTest {
  @Test
  void handCountedLosses() {
    // train "aab" (a=0, b=1): unigram counts a 2, b 1; bigrams aa 1, ab 1. Validation "ab": one target, b after a.
    NgramBaseline.Losses l = NgramBaseline.evaluate(new long[] {0, 0, 1}, new long[] {0, 1}, 2);
    assertThat(l.unigram()).isCloseTo(-Math.log((1 + 1) / (3.0 + 2)), within(1e-12));
    assertThat(l.bigram()).isCloseTo(-Math.log((1 + 1) / (2.0 + 2)), within(1e-12));
  }

  @Test
  void aPredictableTextHasALowBigramLoss() {
    long[] text = new long[1000];
    for (int i = 0; i < text.length; i++) text[i] = i % 4;  // 0 1 2 3 0 1 …: the previous character decides
    NgramBaseline.Losses l = NgramBaseline.evaluate(text, text, 4);
    assertThat(l.unigram()).isCloseTo(Math.log(4), within(1e-3));
    assertThat(l.bigram()).isLessThan(0.02);
  }
}
