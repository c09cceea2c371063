package dev.shinso.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shinso.Shinso;
import dev.shinso.io.Checkpoint;
import dev.shinso.tensor.Generator;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanguageModelTest {
  private static LanguageModel tiny() {
    Shinso.manualSeed(1);
    CharTokenizer t = CharTokenizer.fromText("the cat sat.\n\"é\"");
    return new LanguageModel(new TransformerLM(new TransformerConfig(t.vocabSize(), 1, 2, 8, 6)), t);
  }

  @Test
  void aCheckpointHoldsConfigurationVocabularyAndWeights(@TempDir Path dir) throws Exception {
    LanguageModel lm = tiny();
    Path file = dir.resolve("lm.safetensors");
    new Checkpoint(lm.model().stateDict(), Map.of(), Map.of(), new long[] {1, 2}, 0, lm.metadata()).save(file);
    LanguageModel back = LanguageModel.load(file);
    assertThat(back.tokenizer().vocabulary()).isEqualTo(lm.tokenizer().vocabulary());
    assertThat(back.model().config()).isEqualTo(lm.model().config());
    long[] prompt = lm.tokenizer().encode("the");
    assertThat(back.generate(prompt, 10, 0.8, 0, new Generator(3)))
        .containsExactly(lm.generate(prompt, 10, 0.8, 0, new Generator(3)));
  }

  @Test
  void generationSlidesOverTheContextAndKeepsThePrompt() {
    LanguageModel lm = tiny();
    long[] prompt = lm.tokenizer().encode("the cat sat.");  // longer than the context of 6
    long[] out = lm.generate(prompt, 20, 1.0, 3, new Generator(4));
    assertThat(out).hasSize(32).startsWith(prompt);
    assertThat(lm.complete("cat", 5, 0, 0, new Generator(1))).hasSize(5);
  }

  @Test
  void aCheckpointOfAnotherModelIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cnn.safetensors");
    new Checkpoint(tiny().model().stateDict(), Map.of(), Map.of(), new long[] {1}, 1, Map.of("model", "cnn")).save(file);
    assertThatThrownBy(() -> LanguageModel.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("'cnn'").hasMessageContaining("not a language model");
  }
}
