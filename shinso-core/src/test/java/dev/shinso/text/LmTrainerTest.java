package dev.shinso.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shinso.Shinso;
import dev.shinso.tensor.Generator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CI training test: a tiny transformer learns enough in a few hundred steps to beat the bigram baseline. */
class LmTrainerTest {
  @Test
  void aTinyModelBeatsTheBigramBaseline() throws IOException {
    TextCorpus corpus = TextCorpus.of(text());
    NgramBaseline.Losses base = NgramBaseline.evaluate(corpus.train(), corpus.validation(), corpus.tokenizer().vocabSize());
    Shinso.manualSeed(0);
    TransformerConfig config = new TransformerConfig(corpus.tokenizer().vocabSize(), 2, 2, 64, 32);
    LanguageModel lm = new LanguageModel(new TransformerLM(config), corpus.tokenizer());
    LmTrainer trainer = new LmTrainer(lm, corpus, new LmTrainer.Settings(300, 16, 6e-3, 30, 0.01), new Generator(0));
    double before = LmTrainer.validationLoss(lm, corpus, 0, 64);
    for (int i = 0; i < 300; i++) trainer.trainStep();
    double after = LmTrainer.validationLoss(lm, corpus, 0, 64);
    assertThat(before).as("loss at start, about ln(vocabulary)").isGreaterThan(base.unigram());
    assertThat(after).as("validation loss after 300 steps (unigram %.3f, bigram %.3f)", base.unigram(), base.bigram())
        .isLessThan(base.bigram());
  }

  /** The first 60,000 characters of Pride and Prejudice, from the CLI's bundled corpus. */
  private static String text() throws IOException {
    try (InputStream in = LmTrainerTest.class.getResourceAsStream("/text/austen-60k.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
