package dev.shinso.text;

import dev.shinso.autograd.NoGrad;
import dev.shinso.io.Checkpoint;
import dev.shinso.tensor.Device;
import dev.shinso.tensor.Generator;
import dev.shinso.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained character-level model with its tokenizer: what {@code shinso lm sample} needs, saved
 * in and loaded from one checkpoint whose metadata holds the model kind, its configuration and
 * the vocabulary.
 */
public record LanguageModel(TransformerLM model, CharTokenizer tokenizer) {
  /** The checkpoint metadata value of "model" that marks a language model. */
  public static final String KIND = "transformer-lm";

  public LanguageModel {
    if (model.config().vocabSize() != tokenizer.vocabSize()) {
      throw new IllegalArgumentException("LanguageModel: the model's vocabulary size " + model.config().vocabSize()
          + " differs from the tokenizer's " + tokenizer.vocabSize());
    }
  }

  /** The metadata that makes a checkpoint self-describing: kind, configuration and vocabulary. */
  public Map<String, String> metadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model", KIND);
    m.putAll(model.config().toMetadata());
    m.put("vocabulary", tokenizer.vocabulary());
    return m;
  }

  /** Loads the model and tokenizer of a checkpoint written by {@code shinso lm train}. */
  public static LanguageModel load(Path file) throws IOException {
    Checkpoint c = Checkpoint.load(file);
    return fromCheckpoint(c, file.toString());
  }

  public static LanguageModel fromCheckpoint(Checkpoint c, String where) {
    String kind = c.metadata().get("model");
    if (!KIND.equals(kind)) {
      throw new IllegalArgumentException("checkpoint " + where + " holds model '" + kind + "', not a language model ("
          + KIND + "); train one with 'shinso lm train'");
    }
    String vocabulary = c.metadata().get("vocabulary");
    if (vocabulary == null) throw new IllegalArgumentException("checkpoint " + where + ": metadata has no vocabulary");
    TransformerConfig config;
    try {
      config = TransformerConfig.fromMetadata(c.metadata());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint " + where + ": " + e.getMessage());
    }
    requireWholeCharacters(vocabulary, config.vocabSize(), where);
    TransformerLM model = new TransformerLM(config);
    model.loadStateDict(c.model(), true);
    model.eval();
    try {
      return new LanguageModel(model, new CharTokenizer(vocabulary));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint " + where + ": " + e.getMessage());
    }
  }

  /**
   * Refuses a vocabulary whose tokens are UTF-16 halves: an earlier shinso gave each half of a
   * character outside the BMP its own token, so the model counts more tokens than the vocabulary
   * has characters, and no character can be mapped to the ids it was trained with.
   */
  private static void requireWholeCharacters(String vocabulary, int vocabSize, String where) {
    int characters = vocabulary.codePointCount(0, vocabulary.length());
    if (characters != vocabSize && vocabulary.length() == vocabSize) {
      int[] split = vocabulary.codePoints().filter(c -> !Character.isBmpCodePoint(c)).toArray();
      throw new IllegalArgumentException("checkpoint " + where + ": its model has " + vocabSize + " tokens for the "
          + characters + " characters of its vocabulary: it was trained with "
          + (split.length == 0 ? "characters" : CharTokenizer.describeAll(split)) + " split into two UTF-16 halves "
          + "each, by a shinso older than whole-character tokens; retrain it with 'shinso lm train'");
    }
  }

  /**
   * prompt followed by n generated tokens: each is drawn from the model's prediction given (at
   * most context) tokens before it, at the given temperature and top-k.
   */
  public long[] generate(long[] prompt, int n, double temperature, int topK, Generator generator) {
    if (prompt.length == 0) throw new IllegalArgumentException("generate: the prompt is empty");
    int context = model.config().context();
    long[] out = java.util.Arrays.copyOf(prompt, prompt.length + n);
    Device device = model.device();
    try (NoGrad g = NoGrad.enter()) {
      for (int i = prompt.length; i < out.length; i++) {
        int start = Math.max(0, i - context);
        Tensor window = Tensor.ofLongs(device, java.util.Arrays.copyOfRange(out, start, i), 1, i - start);
        Tensor logits = model.forward(window).select(1, i - start - 1).reshape(-1);
        out[i] = Sampling.sample(logits.toFloatArray(), temperature, topK, generator);
      }
    }
    return out;
  }

  /** The generated text after the prompt (the prompt itself is not repeated). */
  public String complete(String prompt, int n, double temperature, int topK, Generator generator) {
    long[] start = tokenizer.encode(prompt);  // one token per character, which may be two UTF-16 units
    long[] ids = generate(start, n, temperature, topK, generator);
    return tokenizer.decode(java.util.Arrays.copyOfRange(ids, start.length, ids.length));
  }
}
