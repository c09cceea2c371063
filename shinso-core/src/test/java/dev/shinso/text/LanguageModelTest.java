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
    new Checkpoint(lm.model().stateDict(), Map.of(), Map.of(), new long[] {1, 2, 3}, 0, lm.metadata()).save(file);
    LanguageModel back = LanguageModel.load(file);
    assertThat(back.tokenizer().vocabulary()).isEqualTo(lm.tokenizer().vocabulary());
    assertThat(back.model().config()).isEqualTo(lm.model().config());
    long[] prompt = lm.tokenizer().encode("the");
    assertThat(back.generate(prompt, 10, 0.8, 0, new Generator(3)))
        .containsExactly(lm.generate(prompt, 10, 0.8, 0, new Generator(3)));
  }

  @Test
  void aModelOfAnyUnicodeTextRoundTripsThroughACheckpoint(@TempDir Path dir) throws Exception {
    // emoji and a flag (outside the BMP), CJK, a combining accent, Hangul, a zero-width joiner sequence
    String text = "cat \uD83D\uDE00 dog \uD83D\uDC36 \uD83C\uDDEF\uD83C\uDDF5 \u6F22\u5B57 e\u0301 \uD55C "
        + "\uD83D\uDC69\u200D\uD83D\uDCBB \uD800\uDC00 \uDBFF\uDFFF \uFFFD\n";
    Shinso.manualSeed(2);
    CharTokenizer t = CharTokenizer.fromText(text);
    assertThat(t.vocabSize()).isEqualTo((int) text.codePoints().distinct().count());
    LanguageModel lm = new LanguageModel(new TransformerLM(new TransformerConfig(t.vocabSize(), 1, 2, 8, 6)), t);
    Path file = dir.resolve("unicode.safetensors");
    new Checkpoint(lm.model().stateDict(), Map.of(), Map.of(), new long[] {1, 2, 3}, 0, lm.metadata()).save(file);
    LanguageModel back = LanguageModel.load(file);
    assertThat(back.tokenizer().vocabulary()).isEqualTo(t.vocabulary());
    assertThat(back.tokenizer().decode(back.tokenizer().encode(text))).isEqualTo(text);
    String prompt = "\uD83D\uDE00 \u6F22";
    assertThat(back.tokenizer().encode(prompt)).hasSize(3).containsExactly(t.encode(prompt));
    String completion = back.complete(prompt, 7, 0.8, 0, new Generator(5));
    assertThat(completion.codePointCount(0, completion.length())).isEqualTo(7);
    assertThat(completion).isEqualTo(lm.complete(prompt, 7, 0.8, 0, new Generator(5)));
    for (int i = 0; i < completion.length(); i++) {
      if (Character.isHighSurrogate(completion.charAt(i))) assertThat(Character.isLowSurrogate(completion.charAt(++i))).isTrue();
      else assertThat(Character.isSurrogate(completion.charAt(i))).isFalse();
    }
  }

  @Test
  void aCheckpointWithABmpVocabularyLoadsAsBefore(@TempDir Path dir) throws Exception {
    // the metadata an earlier shinso wrote: the vocabulary is the sorted UTF-16 characters, one token each
    LanguageModel lm = tiny();
    assertThat(lm.tokenizer().vocabulary()).isEqualTo("\n \".acehst\u00E9");
    Path file = dir.resolve("old.safetensors");
    new Checkpoint(lm.model().stateDict(), Map.of(), Map.of(), new long[] {1, 2, 3}, 0, lm.metadata()).save(file);
    LanguageModel back = LanguageModel.load(file);
    assertThat(back.tokenizer().vocabulary()).isEqualTo("\n \".acehst\u00E9");
    assertThat(back.tokenizer().encode("the cat \u00E9")).containsExactly(9, 7, 6, 1, 5, 4, 9, 1, 10);
  }

  @Test
  void aCheckpointWhoseVocabularyWasSplitIntoUtf16HalvesIsAClearError(@TempDir Path dir) throws Exception {
    // an earlier shinso counted the two halves of an emoji as two tokens: 3 + 2 tokens for "ab\uD83D\uDE00c"
    Shinso.manualSeed(1);
    TransformerLM model = new TransformerLM(new TransformerConfig(5, 1, 2, 8, 6));
    Map<String, String> meta = new java.util.LinkedHashMap<>(Map.of("model", LanguageModel.KIND));
    meta.putAll(model.config().toMetadata());
    meta.put("vocabulary", "abc\uD83D\uDE00");
    Path file = dir.resolve("split.safetensors");
    new Checkpoint(model.stateDict(), Map.of(), Map.of(), new long[] {1, 2, 3}, 0, meta).save(file);
    assertThatThrownBy(() -> LanguageModel.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("UTF-16").hasMessageContaining("U+1F600");
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
    new Checkpoint(tiny().model().stateDict(), Map.of(), Map.of(), new long[] {1, 2, 3}, 1, Map.of("model", "cnn")).save(file);
    assertThatThrownBy(() -> LanguageModel.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("'cnn'").hasMessageContaining("not a language model");
  }
}
